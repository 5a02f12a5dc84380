package io.authcloud.platform.accounts;

import com.fasterxml.jackson.annotation.JsonValue;
import io.authcloud.platform.wire.WireName;
import io.authcloud.platform.wire.WireNameColumn;
import jakarta.persistence.Converter;
import java.util.Optional;

/**
 * What kind of account the app holds: a person's own ({@code personal}), or one of an organisation
 * ({@code work}, {@code school}) that its tenant activates with a QR code. Written in lower case on the
 * wire and in the database, as the API and the events spell it.
 */
public enum AccountKind {
    PERSONAL, WORK, SCHOOL;

    /** The spelling of the API, the events and the database. */
    @JsonValue
    public String wire() {
        return WireName.of(this);
    }

    /** An organisation's account (work or school): proved by its tenant's activation code. */
    public boolean isOrganisation() {
        return this != PERSONAL;
    }

    /** The kind spelled {@code value} ({@code personal}, {@code work}, {@code school}), if it is one. */
    public static Optional<AccountKind> of(String value) {
        return WireName.parse(AccountKind.class, value);
    }

    /** Stores a kind as the API spells it ({@code @Convert(converter = AccountKind.Column.class)}). */
    @Converter
    public static class Column extends WireNameColumn<AccountKind> {
        public Column() {
            super(AccountKind.class);
        }
    }
}
