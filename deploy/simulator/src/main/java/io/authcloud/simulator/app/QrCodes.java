package io.authcloud.simulator.app;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/** The phone's camera: reads a QR image, and the activation inside ({@code authcloud://activate?code=&url=}). */
public final class QrCodes {

    private QrCodes() {
    }

    public static String read(byte[] png) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
            return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                    new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels))),
                    java.util.Map.of(com.google.zxing.DecodeHintType.PURE_BARCODE, Boolean.TRUE,
                            com.google.zxing.DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
        } catch (Exception e) {
            throw new IllegalArgumentException("No QR code could be read in the image", e);
        }
    }

    public static Map<String, String> activation(String payload) {
        URI uri = URI.create(payload);
        if (!"authcloud".equals(uri.getScheme()) || !"activate".equals(uri.getHost())) {
            throw new IllegalArgumentException("This QR code is not an authcloud activation");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            values.put(kv[0], URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8));
        }
        if (!values.containsKey("code") || !values.containsKey("url")) {
            throw new IllegalArgumentException("The activation QR code lacks its code or URL");
        }
        return values;
    }
}
