package io.authcloud.simulator.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 written byte for byte on a socket: what a hostile client sends is not limited to what a
 * well-behaved client library lets through (a {@code %00} or a raw control character in a path, a header
 * with a bare line feed, a body whose length lies).
 */
final class RawHttp {

    /** What came back: status, headers (names in lower case) and body. */
    record Answer(int status, Map<String, String> headers, byte[] body) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final String host;
    private final int port;

    RawHttp(String base) {
        URI uri = URI.create(base);
        this.host = uri.getHost();
        this.port = uri.getPort();
    }

    /** Sends {@code head} (request line and headers, CRLF-terminated, without the blank line) and {@code body}. */
    Answer send(String head, byte[] body) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setSoTimeout(40_000);
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
            request.writeBytes("Host: %s:%d\r\nConnection: close\r\n\r\n".formatted(host, port).getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                request.writeBytes(body);
            }
            try {
                socket.getOutputStream().write(request.toByteArray());
                socket.getOutputStream().flush();
            } catch (IOException refusedMidway) {
                // A server may answer and close before reading all of a body it refuses (413): read what it said.
            }
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("no answer from " + host + ":" + port, e);
        }
    }

    private static Answer read(InputStream in) throws IOException {
        byte[] all = in.readAllBytes();
        int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (end < 0) {
            throw new IOException("an answer without a complete head (" + all.length + " bytes)");
        }
        String[] lines = new String(all, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.putIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        byte[] rest = java.util.Arrays.copyOfRange(all, end + 4, all.length);
        boolean chunked = "chunked".equalsIgnoreCase(headers.get("transfer-encoding"));
        return new Answer(status, headers, chunked ? unchunk(rest) : rest);
    }

    private static byte[] unchunk(byte[] chunked) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = indexOf(chunked, "\r\n".getBytes(StandardCharsets.ISO_8859_1), at);
            String size = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int length = Integer.parseInt(size, 16);
            if (length == 0) {
                break;
            }
            body.write(chunked, lineEnd + 2, length);
            at = lineEnd + 2 + length + 2;
        }
        return body.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        return indexOf(data, pattern, 0);
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
