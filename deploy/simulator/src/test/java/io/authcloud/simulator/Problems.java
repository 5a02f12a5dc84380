package io.authcloud.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.authcloud.simulator.app.ApiProblem;
import org.assertj.core.api.ThrowableAssert;

/** Asserts that a step is refused with a given problem type and status. */
final class Problems {

    private Problems() {
    }

    static ApiProblem refused(String type, int status, ThrowableAssert.ThrowingCallable step) {
        ApiProblem problem = catchThrowableOfType(ApiProblem.class, step);
        assertThat(problem).as("the step must be refused with %s", type).isNotNull();
        assertThat(problem.type()).isEqualTo(type);
        assertThat(problem.status()).isEqualTo(status);
        assertThat(problem.getMessage()).as("a detail in plain words").isNotBlank();
        return problem;
    }
}
