-- What proved each account on the new phone: a code by email or SMS proves a personal account, only
-- the tenant's activation code proves a work or school account of that tenant. An event whose proof
-- does not fit the declared account does not move it.
ALTER TABLE recovery_account ADD COLUMN proof_kind text CHECK (proof_kind IN ('personal', 'work'));
ALTER TABLE recovery_account ADD COLUMN proof_tenant text;
ALTER TABLE recovery_account ADD CONSTRAINT recovery_account_proof_tenant_for_work
    CHECK (proof_kind IS NULL OR (proof_kind = 'work') = (proof_tenant IS NOT NULL));
