-- The tenant whose activation code proved a QR verification (null for a code by email or SMS): the
-- proof a work or school account needs, carried on VerificationSucceeded.
ALTER TABLE verification ADD COLUMN tenant text;
ALTER TABLE verification ADD CONSTRAINT verification_tenant_only_for_qr CHECK ((method = 'qr') = (tenant IS NOT NULL));
