package io.accounttasks.database;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TaskCreatedUpcasterTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theDetailsOfVersion1BecomeFieldsOfTheirOwn() throws Exception {
        JsonNode version1 = json.readTree("""
                {"taskId":"01J0000000000000000000000A","organizationId":"ORG_01J0000000000000000000000B",
                 "details":{"title":"Call back","description":null,"activityId":"ACT_01J0000000000000000000000C",
                            "attachmentUrls":["https://files.example/a.pdf"]},
                 "assigneeId":"USR_01J0000000000000000000000D","priority":"HIGH"}""");

        JsonNode version2 = TaskCreatedUpcaster.flatten(version1);

        assertThat(version2.has("details")).isFalse();
        assertThat(version2.get("title").asText()).isEqualTo("Call back");
        assertThat(version2.get("description").isNull()).isTrue();
        assertThat(version2.get("activityId").asText()).isEqualTo("ACT_01J0000000000000000000000C");
        assertThat(version2.get("attachmentUrls").get(0).asText()).isEqualTo("https://files.example/a.pdf");
        assertThat(version2.get("assigneeId").asText()).isEqualTo("USR_01J0000000000000000000000D");
        assertThat(version2.get("priority").asText()).isEqualTo("HIGH");
        // The stored event is never changed: the upcaster works on a copy.
        assertThat(version1.has("details")).isTrue();
    }
}
