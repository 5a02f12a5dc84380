package io.authcloud.platform.wire;

import jakarta.persistence.AttributeConverter;

/**
 * Stores an enum by its {@link WireName} ({@code key-release}), as the columns held it when it was a string.
 * An enum declares {@code @Converter public static class Column extends WireNameColumn<Kind>} and its field
 * {@code @Convert(converter = Kind.Column.class)}.
 */
public abstract class WireNameColumn<E extends Enum<E>> implements AttributeConverter<E, String> {

    private final Class<E> type;

    protected WireNameColumn(Class<E> type) {
        this.type = type;
    }

    @Override
    public String convertToDatabaseColumn(E constant) {
        return constant == null ? null : WireName.of(constant);
    }

    @Override
    public E convertToEntityAttribute(String value) {
        return value == null ? null : WireName.parse(type, value).orElseThrow(() -> new IllegalStateException(
                "The database holds " + value + ", which is no " + type.getSimpleName()));
    }
}
