-- The tenant whose activation code proved a QR verification (null for a code by email or SMS): the
-- proof a work or school account needs, carried on VerificationSucceeded.
ALTER TABLE verification ADD COLUMN tenant text;
-- Verifications made before this column existed learn it from the activation code that proved them.
UPDATE verification v SET tenant = a.tenant FROM qr_activation a WHERE a.verification_id = v.id AND v.method = 'qr';
-- Enforced for every row written from now on; older rows are not re-checked.
ALTER TABLE verification ADD CONSTRAINT verification_tenant_only_for_qr
    CHECK ((method = 'qr') = (tenant IS NOT NULL)) NOT VALID;
