package io.authcloud.recovery;

import io.authcloud.testing.PackageTemplate;

/** recovery-service reads like every other service: the package template of docs/architecture.md. */
class PackageTemplateTest extends PackageTemplate {

    PackageTemplateTest() {
        super("io.authcloud.recovery");
    }
}
