package io.relais.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

class DatabaseActivityTest {

    @Test
    void perContactDividesEachDatabasesGrowthByTheContactsAndSkipsADatabaseNotSeenTwice() {
        Map<String, long[]> before = Map.of("routing", new long[] {100, 1000, 50, 7}, "context", new long[] {10, 10, 10, 10});
        Map<String, long[]> after = Map.of("routing", new long[] {196, 1128, 132, 67}, "knowledge", new long[] {5, 5, 5, 5});

        Map<String, Map<String, Double>> perContact = DatabaseActivity.perContact(before, after, 10);

        assertEquals(Map.of("routing", Map.of("commits", 9.6, "inserted", 12.8, "updated", 8.2, "deleted", 6.0)), perContact);
    }
}
