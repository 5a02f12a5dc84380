package io.authcloud.backup.domain;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Arrays;

/** Stores {@link Provider} and {@link Platform} by their API names, which the table's checks also use. */
final class WireNameConverters {

    private WireNameConverters() {
    }

    @Converter(autoApply = true)
    public static class ProviderConverter implements AttributeConverter<Provider, String> {
        @Override
        public String convertToDatabaseColumn(Provider provider) {
            return provider == null ? null : provider.toString();
        }

        @Override
        public Provider convertToEntityAttribute(String value) {
            return value == null ? null : Provider.fromWireName(value)
                    .orElseThrow(() -> new IllegalStateException("Unknown provider in database: " + value));
        }
    }

    @Converter(autoApply = true)
    public static class PlatformConverter implements AttributeConverter<Platform, String> {
        @Override
        public String convertToDatabaseColumn(Platform platform) {
            return platform == null ? null : platform.toString();
        }

        @Override
        public Platform convertToEntityAttribute(String value) {
            return value == null ? null : Arrays.stream(Platform.values())
                    .filter(platform -> platform.toString().equals(value)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("Unknown platform in database: " + value));
        }
    }
}
