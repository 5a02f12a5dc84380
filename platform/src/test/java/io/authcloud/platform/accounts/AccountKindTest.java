package io.authcloud.platform.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class AccountKindTest {

    @Test
    void kindsAreSpelledInLowerCaseOnTheWireAndInTheDatabase() throws Exception {
        assertThat(AccountKind.of("school")).contains(AccountKind.SCHOOL);
        assertThat(AccountKind.of("SCHOOL")).isEmpty();
        assertThat(AccountKind.of("family")).isEmpty();
        assertThat(AccountKind.of(null)).isEmpty();
        assertThat(new ObjectMapper().writeValueAsString(AccountKind.WORK)).isEqualTo("\"work\"");

        AccountKind.Column column = new AccountKind.Column();
        assertThat(column.convertToDatabaseColumn(AccountKind.PERSONAL)).isEqualTo("personal");
        assertThat(column.convertToEntityAttribute("work")).isEqualTo(AccountKind.WORK);
        assertThat(column.convertToEntityAttribute(null)).isNull();
        assertThatThrownBy(() -> column.convertToEntityAttribute("family")).hasMessageContaining("family");
    }

    @Test
    void onlyWorkAndSchoolAccountsBelongToAnOrganisation() {
        assertThat(AccountKind.PERSONAL.isOrganisation()).isFalse();
        assertThat(AccountKind.WORK.isOrganisation()).isTrue();
        assertThat(AccountKind.SCHOOL.isOrganisation()).isTrue();
    }
}
