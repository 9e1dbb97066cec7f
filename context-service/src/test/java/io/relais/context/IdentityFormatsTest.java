package io.relais.context;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.relais.stack.RelaisTestResource;
import io.restassured.http.ContentType;

/**
 * The same person written every way gateways write them: each contact is posted through the API as a gateway would,
 * and every one lands on the one customer (the normaliser's own table is {@code IdentifierNormalizerTest}).
 */
@QuarkusTest
@WithTestResource(value = RelaisTestResource.class, initArgs = @ResourceArg(name = "database", value = "context"))
class IdentityFormatsTest {

    @Test
    void everyWayOfWritingAFrenchMobileNumberFindsTheSameCustomer() {
        // An assigned French mobile range (06 0x…, 06 1x…, 06 2x…, 06 4x…, 06 5x…, 06 6x…, 06 7x…, 06 8x…).
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String digits = "6" + "01245678".charAt(random.nextInt(8)) + String.format("%07d", random.nextInt(10_000_000));
        String pairs = digits.substring(1, 3) + " " + digits.substring(3, 5) + " " + digits.substring(5, 7) + " " + digits.substring(7, 9);
        List<String> ways = List.of(
                "0" + digits.charAt(0) + " " + pairs,
                ("0" + digits.charAt(0) + " " + pairs).replace(' ', '.'),
                "0" + digits,
                "+33 " + digits.charAt(0) + " " + pairs,
                "+33" + digits,
                "0033 " + digits.charAt(0) + " " + pairs,
                "+33 (0)" + digits.charAt(0) + " " + pairs,
                "  0" + digits.charAt(0) + "-" + pairs.replace(' ', '-') + "  ");
        String first = customerOf("phone", ways.get(0));
        for (String way : ways.subList(1, ways.size())) {
            assertEquals(first, customerOf("phone", way), "\"" + way + "\" is the same number as \"" + ways.get(0) + "\"");
        }
        String other = customerOf("phone", "+44 20 7946 " + String.format("%04d", random.nextInt(10_000)));
        assertEquals(false, first.equals(other), "a London number is someone else");
    }

    @Test
    void everyWayOfWritingAnEmailAddressFindsTheSameCustomer() {
        String local = "zoe" + UUID.randomUUID().toString().substring(0, 8);
        List<String> ways = List.of(
                local + "\u00e9.dupont@exemple.fr",            // é as one code point (NFC)
                local + "e\u0301.dupont@exemple.fr",           // é as e + combining accent (NFD)
                (local + "\u00e9.Dupont@Exemple.FR").toUpperCase(java.util.Locale.ROOT),
                "  " + local + "\u00e9.dupont@exemple.fr  ");
        String first = customerOf("mail", ways.get(0));
        for (String way : ways.subList(1, ways.size())) {
            assertEquals(first, customerOf("mail", way), "\"" + way + "\" is the same address as \"" + ways.get(0) + "\"");
        }
        assertEquals(false, first.equals(customerOf("mail", local + "e.dupont@exemple.fr")),
                "without the accent it is another address");
    }

    private static String customerOf(String channel, String from) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("channel", channel, "from", from, "gatewayContactId", channel + "-" + UUID.randomUUID()))
                .post("/api/contacts").then().statusCode(202).extract().path("customerId");
    }
}
