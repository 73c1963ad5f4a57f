package io.accounttasks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.accounttasks.e2e.support.Api;
import io.accounttasks.e2e.support.Chromium;
import io.accounttasks.e2e.support.EndToEnd;
import io.accounttasks.e2e.support.Fixtures;
import io.accounttasks.e2e.support.RunningSystem;
import io.accounttasks.e2e.support.Tenant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.accounttasks.e2e.support.Fixtures.api;
import static io.accounttasks.e2e.support.Fixtures.taskPath;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Swagger UI, served by the gateway, as a person uses it in a browser (headless Chromium): the task operations are
 * listed, and with a tenant's three credentials given once under Authorize, "Try it out" creates a task on the
 * running system and lists it.
 */
@EndToEnd
@ExtendWith(Chromium.Installed.class)
class SwaggerUiTest {

    /** Swagger UI marks each operation's block with the tag and the operationId of the document. */
    private static final List<String> TASK_OPERATIONS = List.of("createTask", "listTasks", "getTask", "updateTask",
            "deleteTask", "removeTaskAttachment");

    private static Tenant owner;
    private static String accountId;
    private static WebDriver browser;
    private static WebDriverWait wait;

    @BeforeAll
    static void openSwaggerUi() {
        owner = Fixtures.bootstrapOrganization("swagger-ui");
        accountId = Fixtures.createAccount(owner, Fixtures.unique("QBR Corp")).path("id").asText();
        browser = Chromium.headless();
        // Generous: the first page load compiles Swagger UI's bundle on a busy 2-core machine.
        wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        browser.get(RunningSystem.get().gateway().resolve("/swagger-ui/index.html").toString());
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theTaskOperationsAreListedAndOneCanBeTriedOutAgainstTheRunningSystem() throws IOException {
        for (String operation : TASK_OPERATIONS) {
            wait.until(ExpectedConditions.visibilityOfElementLocated(operationBlock("Tasks", operation)));
        }
        assertThat(browser.findElement(operationBlock("Tasks", "createTask")).getText())
                .contains("POST", "/v1/accounts/{accountId}/tasks");
        authorize(owner);

        String title = Fixtures.unique("Follow-up call after the QBR review");
        WebElement create = tryOut("Tasks", "createTask");
        fill(parameter(create, "accountId"), accountId);
        fill(create.findElement(By.cssSelector("textarea.body-param__text")), Api.toJson(Map.of(
                "title", title, "assigneeId", owner.userId(), "type", "REVIEW", "priority", "HIGH")));
        JsonNode created = execute(create, 201);

        assertThat(created.path("title").asText()).isEqualTo(title);
        assertThat(created.path("accountId").asText()).isEqualTo(accountId);
        assertThat(created.path("type").asText()).isEqualTo("REVIEW");
        assertThat(created.path("creatorId").asText()).isEqualTo(owner.userId());
        // The task as the system answers it has exactly the fields the document gives a task.
        Api.Response document = api().call("GET", "/v3/api-docs").send();
        assertThat(document.status()).as("%s", document).isEqualTo(200);
        assertThat(iterable(created.fieldNames())).containsExactlyInAnyOrderElementsOf(iterable(
                document.json().path("components").path("schemas").path("Task").path("properties").fieldNames()));
        Api.Response read = api().get(owner, taskPath(accountId, created.path("id").asText()));
        assertThat(read.status()).as("%s", read).isEqualTo(200);
        assertThat(read.json().path("title").asText()).isEqualTo(title);

        WebElement list = tryOut("Tasks", "listTasks");
        fill(parameter(list, "accountId"), accountId);
        JsonNode page = execute(list, 200);

        assertThat(page.path("total").asLong()).isEqualTo(1);
        assertThat(page.path("data").get(0).path("id").asText()).isEqualTo(created.path("id").asText());
    }

    private static By operationBlock(String tag, String operationId) {
        return By.id("operations-" + tag + "-" + operationId);
    }

    /**
     * Authorize: the token, the API key and the organization, each in its scheme's field, each with its own
     * Authorize button. Swagger UI may close the dialog after each; it is opened again for the next.
     */
    private static void authorize(Tenant tenant) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("bearerAuth", tenant.token());
        values.put("apiKey", tenant.apiKey());
        values.put("organizationId", tenant.orgId());
        By dialog = By.cssSelector(".modal-ux");
        values.forEach((scheme, value) -> {
            if (browser.findElements(dialog).isEmpty()) {
                click(By.cssSelector(".auth-wrapper button.authorize"));
            }
            String form = "//div[contains(@class, 'modal-ux')]//form[.//h4/code[normalize-space(.) = '" + scheme
                    + "']]";
            fill(wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath(form + "//input"))), value);
            click(By.xpath(form + "//button[contains(@class, 'authorize')]"));
            wait.until(ExpectedConditions.or(ExpectedConditions.invisibilityOfElementLocated(dialog),
                    ExpectedConditions.presenceOfElementLocated(
                            By.xpath(form + "//button[normalize-space(.) = 'Logout']"))));
        });
        if (!browser.findElements(dialog).isEmpty()) {
            click(By.cssSelector(".modal-ux button.btn-done"));
        }
        wait.until(ExpectedConditions.invisibilityOfElementLocated(dialog));
        wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".auth-wrapper button.authorize.locked")));
    }

    /** Opens the operation and presses "Try it out"; answers its block. */
    private static WebElement tryOut(String tag, String operationId) {
        By block = operationBlock(tag, operationId);
        WebElement operation = browser.findElement(block);
        operation.findElement(By.cssSelector(".opblock-summary-control")).click();
        click(By.cssSelector("#" + operation.getAttribute("id") + " button.try-out__btn"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#" + operation.getAttribute("id") + " button.execute")));
        return browser.findElement(block);
    }

    private static WebElement parameter(WebElement operation, String name) {
        return operation.findElement(By.cssSelector("tr[data-param-name='" + name + "'] input"));
    }

    /** Replaces what the field holds (Swagger UI's fields are React's: select all and type over it). */
    private static void fill(WebElement field, String value) {
        field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        field.sendKeys(value);
    }

    /** Execute, then the live response as Swagger UI shows it: its status, and its body as JSON. */
    private static JsonNode execute(WebElement operation, int expectedStatus) throws IOException {
        String id = operation.getAttribute("id");
        operation.findElement(By.cssSelector("button.execute")).click();
        By status = By.cssSelector("#" + id + " .live-responses-table .response .response-col_status");
        wait.until(ExpectedConditions.visibilityOfElementLocated(status));
        WebElement body = browser.findElement(By.cssSelector(
                "#" + id + " .live-responses-table .response .response-col_description .highlight-code pre"));
        assertThat(browser.findElement(status).getText().trim()).as("the status Swagger UI shows, body %s",
                body.getText()).isEqualTo(Integer.toString(expectedStatus));
        return Api.JSON.readTree(body.getText());
    }

    private static <T> Iterable<T> iterable(Iterator<T> iterator) {
        return () -> iterator;
    }

    private static void click(By element) {
        wait.until(ExpectedConditions.elementToBeClickable(element)).click();
    }
}
