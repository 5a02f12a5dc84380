package io.authcloud.recovery.domain.devices;

import io.authcloud.platform.accounts.AccountKind;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A push credential of the person on one of their devices, as credential-events told it. */
@Entity
@Table(name = "device_credential")
public class DeviceCredential extends PanacheEntityBase {

    @Id
    public UUID credentialId;

    public String owner;

    public String deviceId;

    /** {@code PERSONAL} or {@code WORK}; null for a credential known only by its revocation. */
    @Convert(converter = KindColumn.class)
    public AccountKind kind;

    public boolean active;

    public Instant updatedAt;

    /** The kind as the API spells it; {@code unknown} in the database for a credential known only by its revocation. */
    @Converter
    public static class KindColumn implements AttributeConverter<AccountKind, String> {
        static final String UNKNOWN = "unknown";
        private final AccountKind.Column kinds = new AccountKind.Column();

        @Override
        public String convertToDatabaseColumn(AccountKind kind) {
            return kind == null ? UNKNOWN : kinds.convertToDatabaseColumn(kind);
        }

        @Override
        public AccountKind convertToEntityAttribute(String value) {
            return UNKNOWN.equals(value) ? null : kinds.convertToEntityAttribute(value);
        }
    }
}
