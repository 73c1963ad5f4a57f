package io.accounttasks.queryside.projection;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;

/** The operator's view of the projections, and their replays ({@code x-admin-secret}, checked by service-edge). */
@RestController
class ProjectionAdminController {

    private final ProjectionAdmin admin;

    ProjectionAdminController(ProjectionAdmin admin) {
        this.admin = admin;
    }

    @GetMapping(path = "/admin/projections", produces = MediaType.APPLICATION_JSON_VALUE)
    List<ProjectionStatus> all() {
        return admin.all();
    }

    @GetMapping(path = "/admin/projections/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    ProjectionStatus one(@PathVariable String name) {
        return admin.one(name);
    }

    /** 202: the replay runs on; its status is at the Location, and in {@code GET /admin/projections}. */
    @PostMapping(path = "/admin/projections/{name}/replay", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ProjectionStatus> replay(@PathVariable String name) {
        return ResponseEntity.accepted().location(URI.create("/admin/projections/" + name))
                .body(admin.replay(name));
    }
}
