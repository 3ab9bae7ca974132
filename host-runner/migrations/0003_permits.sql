-- The cluster-wide concurrency budget: permits per pool key (the NetSuite account), held through the
-- node row (valid while cluster_node_alive), so a crashed process's permits come back within its lease.
--
-- The permit statements commit with synchronous_commit off (set_config(…, true): this transaction
-- only), so a request does not pay two WAL flushes for its permit. A PostgreSQL *crash* may then
-- forget the last few hundred milliseconds of grants and returns: a forgotten grant lets another
-- request be granted while its holder still runs (a transient over-grant, until that request
-- ends); a forgotten return leaves a row that its process deletes when the database is back
-- (it keeps only the rows its requests hold). A clean shutdown or restart loses nothing. Nodes, executions, batches and outputs keep
-- durable commits.

-- The limit each live node declared for a pool key; the smallest one is the cluster's.
CREATE TABLE cluster_pool_limits (
    pool_key      text    NOT NULL,
    node          bigint  NOT NULL REFERENCES cluster_nodes (id) ON DELETE CASCADE,
    max_in_flight integer NOT NULL CHECK (max_in_flight > 0),
    declared_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (pool_key, node)
);

-- One row per request in flight.
CREATE TABLE cluster_permits (
    id         bigserial   PRIMARY KEY,
    pool_key   text        NOT NULL,
    node       bigint      NOT NULL REFERENCES cluster_nodes (id) ON DELETE CASCADE,
    granted_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX cluster_permits_key ON cluster_permits (pool_key);

-- Requests waiting for a permit, oldest first (the id): a free permit goes to the oldest waiter of
-- the whole cluster, so no node starves. Whoever frees capacity (a return, an ask finding room, a
-- waiter leaving) grants it at once to the oldest waiters under the key's lock: the permit row is
-- made for the waiter's node, `permit` notes it on the waiter row, and a notification on the
-- grants channel names it, so the waiter's process hands it over without a round trip. The row
-- of a granted waiter goes away with its permit (ON DELETE CASCADE). An ungranted waiter
-- re-checks at least every quarter lease (seen_at), which also finds a grant whose notification
-- was lost; one not seen for a lease was abandoned and is dropped (a granted one never is: it
-- lives as long as its permit).
CREATE TABLE cluster_permit_waiters (
    id       bigserial   PRIMARY KEY,
    pool_key text        NOT NULL,
    node     bigint      NOT NULL REFERENCES cluster_nodes (id) ON DELETE CASCADE,
    since    timestamptz NOT NULL DEFAULT clock_timestamp(),
    seen_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    permit   bigint      REFERENCES cluster_permits (id) ON DELETE CASCADE
);
CREATE INDEX cluster_permit_waiters_key ON cluster_permit_waiters (pool_key, id)
    WHERE permit IS NULL;
CREATE INDEX cluster_permit_waiters_permit ON cluster_permit_waiters (permit)
    WHERE permit IS NOT NULL;

-- When each pool key's dead-node and abandoned-waiter rows were last forgotten. Forgetting them
-- scans the key's permits, waiters and limits under the key's lock; doing it at most every 100 ms
-- (and in every waiter's periodic re-check) keeps the lock short for the common path, while a
-- dead node's permits still come back within its lease plus 100 ms.
CREATE TABLE cluster_permit_cleanups (
    pool_key   text        PRIMARY KEY,
    cleaned_at timestamptz NOT NULL
);

-- Under the key's lock (the caller holds it): forgets dead nodes' rows and abandoned waiters (at
-- most every 100 ms, or always for a waiter's re-check), then grants to the oldest waiters of
-- `p_key` while the key has free capacity. Each grant is notified on `p_grants` as
-- 'waiter permit node key', except the grant to `p_asking` (the caller's own waiter row: its
-- answer carries it).
CREATE FUNCTION cluster_permit_grant(
    p_key text, p_stale_ms integer, p_grants text, p_asking bigint
) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    v_limit   integer;
    v_held    integer;
    v_next    record;
    v_permit  bigint;
    v_cleaned timestamptz;
BEGIN
    SELECT c.cleaned_at INTO v_cleaned FROM cluster_permit_cleanups c WHERE c.pool_key = p_key;
    IF p_asking IS NOT NULL OR v_cleaned IS NULL
       OR v_cleaned < clock_timestamp() - interval '100 milliseconds' THEN
        INSERT INTO cluster_permit_cleanups AS c (pool_key, cleaned_at)
        VALUES (p_key, clock_timestamp())
        ON CONFLICT (pool_key) DO UPDATE SET cleaned_at = EXCLUDED.cleaned_at;
        -- One join against the live nodes instead of a cluster_node_alive call per row (the
        -- same rule, spelled out so that the planner can use it).
        DELETE FROM cluster_permits p WHERE p.pool_key = p_key AND NOT EXISTS (
            SELECT 1 FROM cluster_nodes n
            WHERE n.id = p.node AND n.state <> 'stopped'
              AND n.heartbeat_at > clock_timestamp() - n.lease_ms * interval '1 millisecond');
        DELETE FROM cluster_permit_waiters w
        WHERE w.pool_key = p_key AND w.permit IS NULL
          AND (w.seen_at < clock_timestamp() - p_stale_ms * interval '1 millisecond'
               OR NOT EXISTS (
                   SELECT 1 FROM cluster_nodes n
                   WHERE n.id = w.node AND n.state <> 'stopped'
                     AND n.heartbeat_at > clock_timestamp() - n.lease_ms * interval '1 millisecond'));
        DELETE FROM cluster_pool_limits l WHERE l.pool_key = p_key AND NOT EXISTS (
            SELECT 1 FROM cluster_nodes n
            WHERE n.id = l.node AND n.state <> 'stopped'
              AND n.heartbeat_at > clock_timestamp() - n.lease_ms * interval '1 millisecond');
    END IF;

    SELECT min(l.max_in_flight) INTO v_limit FROM cluster_pool_limits l WHERE l.pool_key = p_key;
    IF v_limit IS NULL THEN
        RETURN;
    END IF;
    SELECT count(*) INTO v_held FROM cluster_permits p WHERE p.pool_key = p_key;
    FOR v_next IN
        SELECT w.id, w.node FROM cluster_permit_waiters w
        WHERE w.pool_key = p_key AND w.permit IS NULL
        ORDER BY w.id
    LOOP
        EXIT WHEN v_held >= v_limit;
        INSERT INTO cluster_permits (pool_key, node) VALUES (p_key, v_next.node)
        RETURNING id INTO v_permit;
        UPDATE cluster_permit_waiters w SET permit = v_permit WHERE w.id = v_next.id;
        v_held := v_held + 1;
        IF v_next.id IS DISTINCT FROM p_asking THEN
            PERFORM pg_notify(p_grants, v_next.id || ' ' || v_permit || ' ' || v_next.node || ' ' || p_key);
        END IF;
    END LOOP;
END
$$;

-- One round trip to ask for a permit of `p_key` for node `p_node`, which declares `p_limit`.
-- `p_waiter`: the caller's waiter row from an earlier call (NULL the first time); when a release
-- already granted it a permit, that permit is the answer. Otherwise free capacity goes to the
-- oldest waiters first (the caller's row among them), and a new caller is granted only when no
-- waiter is left, else it is queued.
-- `p_returned`: permits of this node whose return is still on its way; they are returned here
-- first, so that a node's own returns in flight never make its next request wait.
-- Returns the permit (or NULL), the waiter row (or NULL) and the cluster's limit for the key;
-- all NULL when the caller's own lease has run out.
CREATE FUNCTION cluster_permit_acquire(
    p_key text, p_node bigint, p_limit integer, p_waiter bigint, p_stale_ms integer, p_grants text,
    p_returned bigint[]
) RETURNS TABLE (permit bigint, waiter bigint, effective_limit integer)
LANGUAGE plpgsql AS $$
DECLARE
    v_limit  integer;
    v_held   integer;
    v_waiter bigint := p_waiter;
    v_permit bigint;
BEGIN
    PERFORM set_config('synchronous_commit', 'off', true);
    -- One decision at a time per key, in every schema of its own.
    PERFORM pg_advisory_xact_lock(hashtextextended(current_schema() || '.permits.' || p_key, 0));

    IF cardinality(p_returned) > 0 THEN
        DELETE FROM cluster_permits p
        WHERE p.id = ANY (p_returned) AND p.node = p_node AND p.pool_key = p_key;
    END IF;

    -- A node whose lease ran out holds nothing and is given nothing (others may already have
    -- taken what it held) until its heartbeat is back: it asks again later.
    IF NOT cluster_node_alive(p_node) THEN
        RETURN NEXT;
        RETURN;
    END IF;

    INSERT INTO cluster_pool_limits AS l (pool_key, node, max_in_flight)
    VALUES (p_key, p_node, greatest(p_limit, 1))
    ON CONFLICT (pool_key, node) DO UPDATE SET max_in_flight = EXCLUDED.max_in_flight
        WHERE l.max_in_flight <> EXCLUDED.max_in_flight;

    IF v_waiter IS NOT NULL THEN
        UPDATE cluster_permit_waiters w SET seen_at = clock_timestamp()
        WHERE w.id = v_waiter AND w.pool_key = p_key AND w.node = p_node;
        IF NOT FOUND THEN
            v_waiter := NULL;
        END IF;
    END IF;

    PERFORM cluster_permit_grant(p_key, p_stale_ms, p_grants, v_waiter);

    SELECT min(l.max_in_flight) INTO v_limit FROM cluster_pool_limits l WHERE l.pool_key = p_key;
    effective_limit := v_limit;
    waiter := NULL;
    IF v_waiter IS NOT NULL THEN
        -- Granted now or by an earlier release (its notification may have been lost); the row
        -- goes away with the permit.
        SELECT w.permit INTO v_permit FROM cluster_permit_waiters w WHERE w.id = v_waiter;
        IF v_permit IS NOT NULL THEN
            permit := v_permit;
        ELSE
            permit := NULL;
            waiter := v_waiter;
        END IF;
        RETURN NEXT;
        RETURN;
    END IF;

    -- Every waiter was granted what was free: what is left is the caller's.
    SELECT count(*) INTO v_held FROM cluster_permits p WHERE p.pool_key = p_key;
    IF v_held < v_limit THEN
        INSERT INTO cluster_permits (pool_key, node) VALUES (p_key, p_node) RETURNING id INTO permit;
    ELSE
        INSERT INTO cluster_permit_waiters (pool_key, node) VALUES (p_key, p_node)
        RETURNING id INTO waiter;
        permit := NULL;
    END IF;
    RETURN NEXT;
END
$$;

-- Returns permit `p_permit` and grants what it freed to the oldest waiters of its key.
-- Idempotent (a permit already returned by the node's next ask, or by its leaving, is not there
-- any more).
CREATE FUNCTION cluster_permit_release(p_permit bigint, p_stale_ms integer, p_grants text)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    v_key text;
BEGIN
    PERFORM set_config('synchronous_commit', 'off', true);
    SELECT p.pool_key INTO v_key FROM cluster_permits p WHERE p.id = p_permit;
    IF v_key IS NULL THEN
        RETURN;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtextextended(current_schema() || '.permits.' || v_key, 0));
    DELETE FROM cluster_permits p WHERE p.id = p_permit;
    PERFORM cluster_permit_grant(v_key, p_stale_ms, p_grants, NULL);
END
$$;

-- Gives up the place `p_waiter` in the queue; a permit already granted to it is returned too
-- (the request was cancelled meanwhile) and goes to the next waiter.
CREATE FUNCTION cluster_permit_leave_queue(p_waiter bigint, p_stale_ms integer, p_grants text)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    v_key    text;
BEGIN
    PERFORM set_config('synchronous_commit', 'off', true);
    SELECT w.pool_key INTO v_key FROM cluster_permit_waiters w WHERE w.id = p_waiter;
    IF v_key IS NULL THEN
        RETURN;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtextextended(current_schema() || '.permits.' || v_key, 0));
    DELETE FROM cluster_permits p
    WHERE p.id = (SELECT w.permit FROM cluster_permit_waiters w WHERE w.id = p_waiter);
    DELETE FROM cluster_permit_waiters w WHERE w.id = p_waiter;
    PERFORM cluster_permit_grant(v_key, p_stale_ms, p_grants, NULL);
END
$$;
