package io.authcloud.platform.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class WireNameTest {

    enum Notice {
        KEY_RELEASE, RECOVERY
    }

    static class NoticeColumn extends WireNameColumn<Notice> {
        NoticeColumn() {
            super(Notice.class);
        }
    }

    @Test
    void constantsAreLowerCaseWordsJoinedByHyphens() {
        assertThat(WireName.of(Notice.KEY_RELEASE)).isEqualTo("key-release");
        assertThat(WireName.parse(Notice.class, "key-release")).contains(Notice.KEY_RELEASE);
        assertThat(WireName.parse(Notice.class, "KEY_RELEASE")).isEmpty();
        assertThat(WireName.parse(Notice.class, null)).isEmpty();
    }

    @Test
    void aColumnHoldsTheWireNameAndRefusesAnyOther() {
        NoticeColumn column = new NoticeColumn();
        assertThat(column.convertToDatabaseColumn(Notice.RECOVERY)).isEqualTo("recovery");
        assertThat(column.convertToDatabaseColumn(null)).isNull();
        assertThat(column.convertToEntityAttribute("key-release")).isEqualTo(Notice.KEY_RELEASE);
        assertThatThrownBy(() -> column.convertToEntityAttribute("credential")).hasMessageContaining("credential");
    }
}
