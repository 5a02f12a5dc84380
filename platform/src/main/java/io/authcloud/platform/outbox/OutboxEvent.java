package io.authcloud.platform.outbox;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * An event waiting in the service's own database to be published. It is written in the same
 * transaction as the state change it describes; {@link OutboxRelay} publishes it afterwards.
 * Each service creates the {@code outbox_event} table in its first Flyway migration.
 */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent extends PanacheEntityBase {

    /** The CloudEvents {@code id}; consumers use it to skip duplicates. */
    @Id
    public UUID id;

    public String topic;

    /** The Kafka record key: the owner's {@code sub}, so one person's events stay in order. */
    public String recordKey;

    /** The CloudEvents {@code type}, e.g. {@code io.authcloud.backup.BackupStored}. */
    @Column(name = "event_type")
    public String type;

    /** The CloudEvents {@code subject}: the resource the event is about. */
    public String subject;

    /** The JSON body of the event. */
    public String payload;

    public Instant occurredAt;

    /** The W3C {@code traceparent} of the transaction that wrote the event: the relay sends it on. */
    public String traceparent;

    public Instant publishedAt;

    /** Deleted as soon as Kafka has it, instead of kept for inspection (an erasure's confirmations name the person). */
    public boolean forgetAfterPublish;
}
