-- Every process that takes part in the cluster: `host-runner node` and `host-runner run --cluster`.
-- A node is alive while its heartbeat is younger than its lease; everything it holds (permits,
-- batches) is held through it, so one heartbeat renews all of it and a dead node's holdings come
-- back within its lease.
CREATE TABLE cluster_nodes (
    id           bigserial PRIMARY KEY,
    name         text        NOT NULL,
    kind         text        NOT NULL CHECK (kind IN ('node', 'run')),
    host         text        NOT NULL,
    pid          integer     NOT NULL,
    units        integer     NOT NULL DEFAULT 0,
    version      text        NOT NULL,
    lease_ms     integer     NOT NULL CHECK (lease_ms > 0),
    started_at   timestamptz NOT NULL DEFAULT now(),
    heartbeat_at timestamptz NOT NULL DEFAULT now(),
    state        text        NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'stopping', 'stopped')),
    stopped_at   timestamptz
);

-- True while node `id` holds what it took: running or stopping, heartbeat within its lease.
CREATE FUNCTION cluster_node_alive(node bigint) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (
        SELECT 1 FROM cluster_nodes n
        WHERE n.id = node
          AND n.state <> 'stopped'
          AND n.heartbeat_at > clock_timestamp() - n.lease_ms * interval '1 millisecond'
    )
$$;
