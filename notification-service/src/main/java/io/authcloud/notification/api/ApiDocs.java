package io.authcloud.notification.api;

/** Shared wording of the OpenAPI descriptions. */
final class ApiDocs {

    static final String ID_PATTERN = "[A-Za-z0-9._:@-]+";
    static final String ID_MESSAGE = "may contain only letters, digits and . _ : @ -";

    private ApiDocs() {
    }
}
