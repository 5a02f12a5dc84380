package io.authcloud.backup;

import io.authcloud.testing.PackageTemplate;

/** backup-service reads like every other service: the package template of docs/architecture.md. */
class PackageTemplateTest extends PackageTemplate {

    PackageTemplateTest() {
        super("io.authcloud.backup");
    }
}
