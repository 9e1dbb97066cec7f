package io.relais.context.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class InsightsPeriodTest {

    @Test
    void thePreviousPeriodHasTheSameLengthAndEndsWhereThePeriodStarts() {
        InsightsPeriod p = InsightsPeriod.parse("2020-03-01T00:00:00Z", "2020-03-11T12:00:00Z");
        assertEquals(new InsightsPeriod(Instant.parse("2020-02-19T12:00:00Z"), Instant.parse("2020-03-01T00:00:00Z")),
                p.previous());
    }

    @Test
    void aPeriodOf366DaysIsAcceptedAndOneSecondMoreIsRefused() {
        InsightsPeriod.parse("2020-01-01T00:00:00Z", "2021-01-01T00:00:00Z"); // 2020 is a leap year: 366 days
        var e = assertThrows(IllegalArgumentException.class,
                () -> InsightsPeriod.parse("2020-01-01T00:00:00Z", "2021-01-01T00:00:01Z"));
        assertTrue(e.getMessage().contains("366 days"), e.getMessage());
    }

    @Test
    void anEmptyOrInvertedPeriodIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> InsightsPeriod.parse("2020-03-01T00:00:00Z", "2020-03-01T00:00:00Z"));
        assertThrows(IllegalArgumentException.class,
                () -> InsightsPeriod.parse("2020-03-02T00:00:00Z", "2020-03-01T00:00:00Z"));
    }

    @Test
    void aChangeIsTheDifferenceAndARateOverNothingHasNone() {
        assertEquals(new Figure(0.4, 0.5, -0.1), Figure.of(Figure.rate(2, 5), Figure.rate(1, 2)));
        assertEquals(new Figure(null, 0.5, null), Figure.of(Figure.rate(0, 0), 0.5));
    }
}
