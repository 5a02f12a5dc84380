-- A work or school account is proven only by its tenant's activation code: grants and credentials
-- remember that tenant (null for a personal account, proven by a code by email or SMS), and a sign-in
-- request for a tenant's account reaches only credentials of that tenant.
ALTER TABLE credential_grant ADD COLUMN tenant text;
ALTER TABLE push_credential ADD COLUMN tenant text;
-- Enforced for every credential issued from now on. Work credentials issued before cannot name their
-- tenant: they stay listed but no sign-in request reaches them (see docs/operations.md, upgrades).
ALTER TABLE push_credential ADD CONSTRAINT push_credential_tenant_for_work
    CHECK ((kind = 'work') = (tenant IS NOT NULL)) NOT VALID;
ALTER TABLE sign_in_request ADD COLUMN tenant text;
