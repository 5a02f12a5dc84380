package io.authcloud.notification;

import io.authcloud.testing.PackageTemplate;

/** notification-service reads like every other service: the package template of docs/architecture.md. */
class PackageTemplateTest extends PackageTemplate {

    PackageTemplateTest() {
        super("io.authcloud.notification");
    }
}
