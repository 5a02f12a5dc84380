package io.authcloud.verification;

import io.authcloud.testing.PackageTemplate;

/** verification-service reads like every other service: the package template of docs/architecture.md. */
class PackageTemplateTest extends PackageTemplate {

    PackageTemplateTest() {
        super("io.authcloud.verification");
    }
}
