package io.relais.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.relais.stack.Infrastructure;
import io.relais.stack.LocalStack;
import io.relais.stack.Ports;
import io.relais.stack.ServiceProcess;
import io.restassured.http.ContentType;

/**
 * The browser pages in headless Chromium, on the whole system (real Kafka, PostgreSQL and the three services):
 * a contact posted by a gateway reaches the right agent's desktop with the customer's history, is accepted and
 * completed there, and the wallboard moves. Screenshots go to {@code target/screenshots/}.
 *
 * Needs Debian's {@code chromium} and {@code chromium-driver} ({@code .ci/run} installs them when missing); without
 * them the tests are skipped with that message.
 */
class BrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Path CHROMIUM = Path.of(System.getProperty("relais.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("relais.chromedriver", "/usr/bin/chromedriver"));
    private static final Path SCREENSHOTS = Path.of("target/screenshots");

    private static Infrastructure infrastructure;
    private static final List<ServiceProcess> services = new ArrayList<>();
    private static String context;
    private static String knowledge;
    private static String routing;
    private static WebDriver browser;

    @BeforeAll
    static void startEverything() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "browser tests need " + CHROMIUM + " and " + CHROMEDRIVER + " (Debian: apt-get install chromium chromium-driver)");
        Path root = Path.of(System.getProperty("relais.root", "..")).toAbsolutePath().normalize();
        Path data = Files.createTempDirectory("relais-browser-");
        infrastructure = Infrastructure.start(data, 0, 0);
        Map<LocalStack.Service, Integer> ports = new HashMap<>();
        for (LocalStack.Service s : LocalStack.Service.values()) {
            ports.put(s, Ports.free());
        }
        for (LocalStack.Service s : LocalStack.Service.values()) {
            Map<String, String> env = new HashMap<>(infrastructure.environmentFor(s.database));
            env.put("RELAIS_UI_KNOWLEDGE_URL", "http://localhost:" + ports.get(LocalStack.Service.KNOWLEDGE));
            env.put("RELAIS_UI_CONTEXT_URL", "http://localhost:" + ports.get(LocalStack.Service.CONTEXT));
            env.put("QUARKUS_HTTP_CORS_ORIGINS", "http://localhost:" + ports.get(LocalStack.Service.ROUTING));
            services.add(ServiceProcess.start(s.module, root.resolve(s.module), ports.get(s), env,
                    root.resolve("e2e-tests/target/e2e-logs/browser-" + s.module + ".log"), List.of("-Xmx256m")));
        }
        for (ServiceProcess p : services) {
            p.awaitReady(Duration.ofSeconds(180));
        }
        context = services.get(0).baseUrl();
        knowledge = services.get(1).baseUrl();
        routing = services.get(2).baseUrl();

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1100",
                "--lang=fr-FR");
        ChromeDriverService driver = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(driver, options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        for (ServiceProcess p : services) {
            p.close();
        }
        if (infrastructure != null) {
            infrastructure.close();
        }
    }

    @Test
    void aGatewaysContactReachesTheAgentsDesktopWithItsHistoryIsCompletedThereAndTheWallboardMoves() throws Exception {
        String procedure = article("procedure", "Bloquer une carte perdue ou volée",
                "# Carte perdue ou volée\n\nLe client a perdu sa carte ou se l'est fait *voler* : on la bloque tout de suite."
                        + "\n\n1. Vérifier l'identité du client.\n2. **Faire opposition** immédiatement.\n3. Commander une nouvelle carte.",
                List.of("cards.lost"));
        agent("lea", "Léa", Map.of("cards", 4, "general", 3));
        agent("hugo", "Hugo", Map.of("savings", 4));

        // The customer mailed last week; the note holds markup that must be shown as text, never run.
        String mailId = contact("mail", "marie.dupont@example.fr", "Carte perdue", "mail-1");
        awaitOffered(mailId, "lea");
        given().post(routing + "/api/agents/lea/contacts/" + mailId + "/accept").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("reasonCode", "cards.lost", "outcome", "follow_up",
                        "note", "Opposition faite <img src=x onerror=\"document.title='pwned'\">"))
                .post(routing + "/api/agents/lea/contacts/" + mailId + "/complete").then().statusCode(200);
        await().atMost(WAIT).until(() -> "completed".equals(given().get(context + "/api/contacts/" + mailId).path("status")));

        browser.get(routing + "/wallboard.html?lang=en");
        String wallboard = browser.getWindowHandle();
        WebElement cardsAnswered = waitFor(By.cssSelector("tr[data-queue='cards'] [data-figure='answered']"));
        await().atMost(WAIT).until(() -> text("tr[data-queue='cards'] [data-figure='answered']").equals("1"));
        assertTrue(cardsAnswered.isDisplayed());

        browser.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
        browser.get(routing + "/desktop.html?agent=lea&lang=fr");
        String desktop = browser.getWindowHandle();
        waitFor(By.cssSelector("#connection.ok"));

        // The same customer phones: the call reaches Léa's desktop live, with the mail in the history.
        String callId = contact("phone", "06 12 34 56 78", "Toujours pas reçu ma carte", "call-1");
        WebElement card = waitFor(By.cssSelector("[data-contact='" + callId + "']"));
        new WebDriverWait(browser, WAIT).until(d -> text("[data-contact='" + callId + "'] .countdown").matches(".*\\d+ s.*"));
        assertTrue(card.findElement(By.cssSelector("[data-repeat]")).isDisplayed(), "the repeat-contact warning");
        WebElement timeline = card.findElement(By.cssSelector("ol.timeline"));
        assertTrue(timeline.getText().contains("Opposition faite <img src=x"), "the note, as text: " + timeline.getText());
        assertTrue(timeline.findElements(By.tagName("img")).isEmpty(), "a customer's note is never HTML");
        assertEquals("Relais · desktop", browser.getTitle());
        // The offer carries the article's summary and a link; the whole article comes from knowledge-service on demand.
        assertEquals("Le client a perdu sa carte ou se l'est fait voler : on la bloque tout de suite.",
                card.findElement(By.cssSelector("[data-article='" + procedure + "'] [data-summary]")).getText());
        assertTrue(card.findElements(By.cssSelector("[data-article] .body")).isEmpty(), "no body before it is asked for");
        card.findElement(By.cssSelector("[data-article='" + procedure + "'] [data-action='full-article']")).click();
        WebElement article = waitFor(By.cssSelector("[data-full-article='" + procedure + "'] .body"));
        assertEquals("Faire opposition", article.findElement(By.tagName("strong")).getText(),
                "the full article, from knowledge-service, Markdown rendered");
        assertTrue(text("[data-full-article='" + procedure + "']").contains("Version 1"), "the version guided with");
        card.findElement(By.cssSelector("[data-action='full-history']")).click(); // from context-service
        assertTrue(waitFor(By.cssSelector("[data-contact='" + callId + "'] .full-history")).getText()
                .contains("Opposition faite <img"), "the whole history, the note as text");
        screenshot("desktop-offer");
        card.findElement(By.cssSelector("[data-article] [data-feedback='helpful']")).click(); // one click, to knowledge-service
        waitFor(By.cssSelector("[data-article] .feedback .badge.ok"));
        assertEquals(1, ((Number) given().get(knowledge + "/api/articles/" + procedure + "/effectiveness")
                .path("feedback.helpful")).intValue());

        // every routing command the desktop sends carries an Idempotency-Key, so a retry after a failover is applied once
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("window.sentKeys = {}; const send = window.fetch;"
                + " window.fetch = (url, init) => { window.sentKeys[String(url).split('/').pop()] ="
                + " (init && init.headers && init.headers['Idempotency-Key']) || null; return send(url, init); };");
        card.findElement(By.cssSelector("[data-action='accept']")).click();
        WebElement form = waitFor(By.cssSelector("form[data-wrapup='" + callId + "']"));
        new Select(form.findElement(By.name("reasonCode"))).selectByValue("cards.lost");
        new Select(form.findElement(By.name("outcome"))).selectByValue("resolved");
        form.findElement(By.name("note")).sendKeys("Carte renvoyée en express");
        form.findElement(By.name("suggestion")).sendKeys("Suivre l'envoi de la carte dans l'appli");
        screenshot("desktop-wrap-up");
        form.findElement(By.cssSelector("[data-action='complete']")).click();
        new WebDriverWait(browser, WAIT).until(d -> d.findElements(By.cssSelector("[data-contact='" + callId + "']")).isEmpty());
        @SuppressWarnings("unchecked")
        Map<String, Object> keys = (Map<String, Object>) ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("return window.sentKeys;");
        assertNotNull(keys.get("accept"), "accept sent with an Idempotency-Key: " + keys);
        assertNotNull(keys.get("complete"), "complete sent with an Idempotency-Key: " + keys);
        assertNotEquals(keys.get("accept"), keys.get("complete"), "one key per action");

        await().atMost(WAIT).until(() -> "completed".equals(given().get(context + "/api/contacts/" + callId).path("status")));
        given().get(context + "/api/contacts/" + callId).then().statusCode(200);
        assertEquals("Carte renvoyée en express", given().get(context + "/api/contacts/" + callId).path("note"));
        assertEquals(List.of(procedure), given().get(context + "/api/contacts/" + callId).path("articlesUsed"),
                "the guidance ticked as used in the wrap-up is in the customer's history");

        browser.switchTo().window(wallboard);
        await().atMost(WAIT).until(() -> text("tr[data-queue='cards'] [data-figure='answered']").equals("2"));
        assertTrue(browser.findElement(By.cssSelector("tr[data-agent='lea']")).isDisplayed(), "Léa in the agents' table");
        // the wallboard redraws its recent contacts as events arrive: find the row again if it was redrawn under the click
        new WebDriverWait(browser, WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
            d.findElement(By.cssSelector("#recent [data-contact='" + callId + "']")).click();
            return true;
        });
        new WebDriverWait(browser, WAIT).until(d -> text("#why").contains(callId) && text("#why pre.why").contains("lea"));
        waitFor(By.cssSelector("svg.chart polyline[data-queue='cards']"));
        screenshot("wallboard");
        browser.switchTo().window(desktop);
    }

    @Test
    void aProcedurePublishedInTheEditorReachesTheAgentAsABriefingWhoseAcknowledgmentCertifiesThem() throws Exception {
        agent("nora", "Nora", Map.of("loans", 4));
        browser.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
        browser.get(routing + "/desktop.html?agent=nora&lang=en");
        String desktop = browser.getWindowHandle();
        waitFor(By.cssSelector("#connection.ok"));

        browser.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
        browser.get(routing + "/editor.html?lang=fr&editor=lea.editrice");
        WebElement form = waitFor(By.id("article-form"));
        new Select(form.findElement(By.name("kind"))).selectByValue("procedure");
        form.findElement(By.name("title")).sendKeys("Renégocier un prêt immobilier");
        form.findElement(By.name("reasonCodes")).sendKeys("loans.mortgage");
        form.findElement(By.name("certification")).sendKeys("mortgage-renegotiation");
        form.findElement(By.name("body")).sendKeys("1. Relire le **tableau d'amortissement**.\n2. Proposer un rendez-vous.");
        assertEquals("tableau d'amortissement", waitFor(By.cssSelector("#article-form .article .body strong")).getText(),
                "the live preview renders the Markdown");
        form.findElement(By.cssSelector("[data-action='save']")).click();
        waitFor(By.cssSelector("#status[class='badge']"));
        assertEquals("draft", text("#status"));
        browser.findElement(By.cssSelector("[data-move='in_review']")).click();
        new WebDriverWait(browser, WAIT).until(d -> text("#status").equals("in_review"));
        browser.findElement(By.cssSelector("[data-move='published']")).click();
        new WebDriverWait(browser, WAIT).until(d -> text("#status").equals("published"));
        String editor = browser.getWindowHandle();

        browser.switchTo().window(desktop);
        WebElement banner = waitFor(By.cssSelector("[data-briefing]"));
        assertTrue(banner.getText().contains("Renégocier un prêt immobilier"), banner.getText());
        screenshot("desktop-briefing");
        banner.findElement(By.cssSelector("[data-action='acknowledge']")).click();
        new WebDriverWait(browser, WAIT).until(d -> d.findElements(By.cssSelector("[data-briefing]")).isEmpty());
        await().atMost(WAIT).until(() -> given().get(routing + "/api/agents/nora").path("certifications").toString()
                .contains("mortgage-renegotiation"));

        browser.switchTo().window(editor);
        await().atMost(WAIT).until(() -> {
            browser.navigate().refresh();
            waitFor(By.cssSelector("tr[data-article] button")).isDisplayed();
            for (WebElement b : browser.findElements(By.cssSelector("tr[data-article] button"))) {
                if (b.getText().equals("Renégocier un prêt immobilier")) {
                    b.click();
                    break;
                }
            }
            return text("#read-rate").contains("100 %");
        });
        screenshot("editor");
    }

    @Test
    void aCallFromAWithheldNumberIsLabelledPlainlyOnTheDesktopAndTheAgentIdentifiesTheCustomerThere() throws Exception {
        agent("ines", "Inès", Map.of("payments", 5));
        // The customer mailed before (about their account: no agent here has that skill, so the mail just waits).
        String mailId = given().contentType(ContentType.JSON).body(Map.of("channel", "mail", "from", "paul.martin@example.fr",
                        "crmId", "CRM-88", "language", "fr", "subject", "Relevé de compte", "reasonCode", "accounts.balance",
                        "gatewayContactId", "mail-withheld-1"))
                .post(context + "/api/contacts").then().statusCode(202).extract().path("contactId");
        String customerId = given().get(context + "/api/contacts/" + mailId).path("customerId");

        browser.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
        browser.get(routing + "/desktop.html?agent=ines&lang=fr");
        waitFor(By.cssSelector("#connection.ok"));

        // The same customer phones from a withheld number: the call is accepted and reaches Inès, labelled plainly.
        String callId = given().contentType(ContentType.JSON).body(Map.of("channel", "phone", "from", "anonymous",
                        "language", "fr", "subject", "Virement bloqué", "reasonCode", "payments",
                        "gatewayContactId", "call-withheld-1"))
                .post(context + "/api/contacts").then().statusCode(202).extract().path("contactId");
        WebElement card = waitFor(By.cssSelector("[data-contact='" + callId + "']"));
        WebElement label = waitFor(By.cssSelector("[data-contact='" + callId + "'] [data-unidentified]"));
        assertEquals("Numéro masqué — client non identifié", label.getText());
        assertTrue(card.findElements(By.cssSelector("[data-action='full-history']")).isEmpty(),
                "no history to show for a caller nobody identified");
        screenshot("desktop-withheld");

        // The customer gives their CRM id; Inès identifies them from the desktop.
        card.findElement(By.cssSelector("[data-identify] input")).sendKeys("CRM-88");
        card.findElement(By.cssSelector("[data-action='identify']")).click();
        WebElement identified = waitFor(By.cssSelector("[data-contact='" + callId + "'] [data-identified]"));
        assertEquals(customerId, identified.getAttribute("data-identified"));
        assertTrue(browser.findElements(By.cssSelector("[data-contact='" + callId + "'] [data-unidentified]")).isEmpty(),
                "the label goes once the customer is identified");
        card.findElement(By.cssSelector("[data-action='full-history']")).click();
        String history = waitFor(By.cssSelector("[data-contact='" + callId + "'] .full-history")).getText();
        assertTrue(history.contains("Relevé de compte") && history.contains("Virement bloqué"),
                "the call joined the customer's history, beside the mail: " + history);
        assertEquals(customerId, given().get(context + "/api/contacts/" + callId).path("customerId"));
    }

    /** The text of the first match, or "" (also when a live page redraws it between finding and reading: ask again). */
    private static String text(String css) {
        try {
            List<WebElement> found = browser.findElements(By.cssSelector(css));
            return found.isEmpty() ? "" : found.get(0).getText().strip();
        } catch (org.openqa.selenium.StaleElementReferenceException redrawn) {
            return "";
        }
    }

    private static WebElement waitFor(By by) {
        return new WebDriverWait(browser, WAIT).until(d -> {
            List<WebElement> found = d.findElements(by);
            return found.isEmpty() ? null : found.get(0);
        });
    }

    private static void screenshot(String name) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static void agent(String id, String name, Map<String, Integer> skills) {
        given().contentType(ContentType.JSON).body(Map.of("id", id, "name", name,
                        "skills", skills.entrySet().stream().map(e -> Map.of("name", e.getKey(), "proficiency", e.getValue())).toList(),
                        "languages", List.of("fr", "en"), "channels", List.of("phone", "mail", "chat"), "status", "available"))
                .post(routing + "/api/agents").then().statusCode(201);
    }

    /** Writes an article and publishes it (new articles are drafts). */
    private static String article(String kind, String title, String body, List<String> reasons) {
        String id = given().contentType(ContentType.JSON).body(Map.of("kind", kind, "title", title, "language", "fr",
                        "body", body, "reasonCodes", reasons, "channels", List.of(), "tags", List.of()))
                .post(knowledge + "/api/articles").then().statusCode(201).extract().path("id");
        for (String status : List.of("in_review", "published")) {
            given().contentType(ContentType.JSON).body(Map.of("status", status, "by", "editor:test"))
                    .put(knowledge + "/api/articles/" + id + "/versions/1/status").then().statusCode(200);
        }
        return id;
    }

    private static String contact(String channel, String from, String subject, String gatewayId) {
        return given().contentType(ContentType.JSON).body(Map.of("channel", channel, "from", from, "crmId", "CRM-77",
                        "language", "fr", "subject", subject, "reasonCode", "cards.lost", "gatewayContactId", gatewayId))
                .post(context + "/api/contacts").then().statusCode(202).extract().path("contactId");
    }

    private static void awaitOffered(String contactId, String agent) {
        await().atMost(WAIT).until(() -> {
            var r = given().get(routing + "/api/contacts/" + contactId + "/routing");
            return r.statusCode() == 200 && "offered".equals(r.path("status")) && agent.equals(r.path("agentId"));
        });
    }
}
