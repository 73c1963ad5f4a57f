package io.accounttasks.commandside.task;

import io.accounttasks.coreapi.account.AccountId;
import io.accounttasks.coreapi.organization.OrganizationId;
import io.accounttasks.coreapi.task.TaskId;
import io.accounttasks.coreapi.task.TaskStatus;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The task graph of aggregate tests: other tasks and what they wait for, without a database. */
class FakeTaskGraph implements TaskGraph {

    private final Map<TaskId, Node> nodes = new HashMap<>();
    private final Map<TaskId, List<TaskId>> blockers = new HashMap<>();
    /** What the aggregate asked of the graph, in order: "lock ACC_…", "tasks", "cycles". */
    final List<String> asked = new ArrayList<>();

    FakeTaskGraph with(TaskId taskId, OrganizationId organizationId, AccountId accountId, TaskStatus status) {
        nodes.put(taskId, new Node(taskId, organizationId, accountId, status, false));
        return this;
    }

    FakeTaskGraph deleted(TaskId taskId) {
        Node node = nodes.get(taskId);
        nodes.put(taskId, new Node(taskId, node.organizationId(), node.accountId(), node.status(), true));
        return this;
    }

    FakeTaskGraph status(TaskId taskId, TaskStatus status) {
        Node node = nodes.get(taskId);
        nodes.put(taskId, new Node(taskId, node.organizationId(), node.accountId(), status, node.deleted()));
        return this;
    }

    FakeTaskGraph waits(TaskId taskId, TaskId... blockedBy) {
        blockers.put(taskId, List.of(blockedBy));
        return this;
    }

    @Override
    public void lock(AccountId accountId) {
        asked.add("lock " + accountId);
    }

    @Override
    public Map<TaskId, Node> tasks(Collection<TaskId> taskIds) {
        asked.add("tasks");
        Map<TaskId, Node> found = new HashMap<>();
        taskIds.forEach(id -> {
            if (nodes.containsKey(id)) {
                found.put(id, nodes.get(id));
            }
        });
        return found;
    }

    @Override
    public Set<TaskId> waitingFor(TaskId taskId, Collection<TaskId> candidates) {
        asked.add("cycles");
        Set<TaskId> waiting = new HashSet<>();
        for (TaskId candidate : candidates) {
            Deque<TaskId> next = new ArrayDeque<>(List.of(candidate));
            Set<TaskId> seen = new HashSet<>();
            while (!next.isEmpty()) {
                TaskId at = next.pop();
                if (at.equals(taskId)) {
                    waiting.add(candidate);
                    break;
                }
                Node node = nodes.get(at);
                if (seen.add(at) && node != null && !node.deleted()) {
                    next.addAll(blockers.getOrDefault(at, List.of()));
                }
            }
        }
        return waiting;
    }
}
