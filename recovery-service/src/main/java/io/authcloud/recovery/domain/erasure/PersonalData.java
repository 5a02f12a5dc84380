package io.authcloud.recovery.domain.erasure;

import io.authcloud.platform.erasure.ErasedSubjects;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Every row recovery-service holds about a person: escrowed keys, the backup catalogue, recoveries (with their
 * accounts and approvals), key releases, failed verifications, devices' credentials and key transfers.
 * A table added to this service that names a person belongs here too (EraseMeTest finds any it misses).
 */
@ApplicationScoped
public class PersonalData {

    static final List<String> DELETES = List.of(
            "DELETE FROM recovery_approval WHERE owner = :owner",
            "DELETE FROM recovery_account WHERE recovery_id IN (SELECT id FROM recovery_session WHERE owner = :owner)",
            "DELETE FROM recovery_session WHERE owner = :owner",
            "DELETE FROM escrowed_key WHERE owner = :owner",
            "DELETE FROM backup_catalogue WHERE owner = :owner",
            "DELETE FROM key_release WHERE owner = :owner",
            "DELETE FROM verification_failure WHERE owner = :owner",
            "DELETE FROM device_credential WHERE owner = :owner",
            "DELETE FROM key_transfer WHERE owner = :owner");

    private final ErasedSubjects erasedSubjects;

    public PersonalData(ErasedSubjects erasedSubjects) {
        this.erasedSubjects = erasedSubjects;
    }

    /** Deletes them all in the caller's transaction; the count of rows deleted. */
    @WithTransaction
    public Uni<Integer> erase(String owner) {
        return erasedSubjects.deleteRows(DELETES, owner);
    }
}
