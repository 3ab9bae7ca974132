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
-- the whole cluster, so no node starves. A waiter re-checks at least every quarter lease (seen_at);
-- one not seen for a lease was abandoned and is dropped.
CREATE TABLE cluster_permit_waiters (
    id       bigserial   PRIMARY KEY,
    pool_key text        NOT NULL,
    node     bigint      NOT NULL REFERENCES cluster_nodes (id) ON DELETE CASCADE,
    since    timestamptz NOT NULL DEFAULT clock_timestamp(),
    seen_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX cluster_permit_waiters_key ON cluster_permit_waiters (pool_key, id);

-- One round trip to ask for a permit of `p_key` for node `p_node`, which declares `p_limit`.
-- `p_waiter`: the caller's waiter row from an earlier call (NULL the first time). Grants when the
-- caller's rank among the waiters is within the free capacity; otherwise (re)queues the caller.
-- `p_returned`: permits of this node whose return is still on its way; they are returned here
-- first, so that a node's own returns in flight never make its next request wait.
-- Returns the permit (or NULL), the waiter row (or NULL) and the cluster's limit for the key;
-- all NULL when the caller's own lease has run out.
CREATE FUNCTION cluster_permit_acquire(
    p_key text, p_node bigint, p_limit integer, p_waiter bigint, p_stale_ms integer, p_channel text,
    p_returned bigint[]
) RETURNS TABLE (permit bigint, waiter bigint, effective_limit integer)
LANGUAGE plpgsql AS $$
DECLARE
    v_limit  integer;
    v_held   integer;
    v_ahead  integer;
    v_waiter bigint := p_waiter;
    v_freed  boolean := false;
BEGIN
    PERFORM set_config('synchronous_commit', 'off', true);
    -- One decision at a time per key, in every schema of its own.
    PERFORM pg_advisory_xact_lock(hashtextextended(current_schema() || '.permits.' || p_key, 0));

    IF cardinality(p_returned) > 0 THEN
        DELETE FROM cluster_permits p
        WHERE p.id = ANY (p_returned) AND p.node = p_node AND p.pool_key = p_key;
        v_freed := FOUND;
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

    -- What dead nodes held comes back; abandoned waiters leave the queue.
    DELETE FROM cluster_permits p WHERE p.pool_key = p_key AND NOT cluster_node_alive(p.node);
    DELETE FROM cluster_permit_waiters w
    WHERE w.pool_key = p_key
      AND (NOT cluster_node_alive(w.node)
           OR w.seen_at < clock_timestamp() - p_stale_ms * interval '1 millisecond');
    DELETE FROM cluster_pool_limits l WHERE l.pool_key = p_key AND NOT cluster_node_alive(l.node);

    SELECT min(l.max_in_flight) INTO v_limit FROM cluster_pool_limits l WHERE l.pool_key = p_key;
    SELECT count(*) INTO v_held FROM cluster_permits p WHERE p.pool_key = p_key;

    IF v_waiter IS NOT NULL THEN
        UPDATE cluster_permit_waiters w SET seen_at = clock_timestamp()
        WHERE w.id = v_waiter AND w.pool_key = p_key;
        IF NOT FOUND THEN
            v_waiter := NULL;
        END IF;
    END IF;
    IF v_waiter IS NULL THEN
        SELECT count(*) INTO v_ahead FROM cluster_permit_waiters w WHERE w.pool_key = p_key;
    ELSE
        SELECT count(*) INTO v_ahead FROM cluster_permit_waiters w
        WHERE w.pool_key = p_key AND w.id < v_waiter;
    END IF;

    effective_limit := v_limit;
    IF v_held + v_ahead < v_limit THEN
        IF v_waiter IS NOT NULL THEN
            DELETE FROM cluster_permit_waiters w WHERE w.id = v_waiter;
        END IF;
        INSERT INTO cluster_permits (pool_key, node) VALUES (p_key, p_node) RETURNING id INTO permit;
        waiter := NULL;
        -- Room for the next waiter too (several releases woke fewer waiters than they freed).
        IF v_held + 1 < v_limit
           AND EXISTS (SELECT 1 FROM cluster_permit_waiters w WHERE w.pool_key = p_key) THEN
            PERFORM pg_notify(p_channel, p_key);
        END IF;
    ELSE
        IF v_waiter IS NULL THEN
            INSERT INTO cluster_permit_waiters (pool_key, node) VALUES (p_key, p_node)
            RETURNING id INTO v_waiter;
        END IF;
        -- What this call returned may be for a waiter ahead of the caller.
        IF v_freed THEN
            PERFORM pg_notify(p_channel, p_key);
        END IF;
        permit := NULL;
        waiter := v_waiter;
    END IF;
    RETURN NEXT;
END
$$;

-- Returns permit `p_permit` and wakes the waiters of its key. Idempotent (a permit already
-- returned by the node's next ask, or by its leaving, is not there any more).
CREATE FUNCTION cluster_permit_release(p_permit bigint, p_channel text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    v_key text;
BEGIN
    PERFORM set_config('synchronous_commit', 'off', true);
    DELETE FROM cluster_permits p WHERE p.id = p_permit RETURNING p.pool_key INTO v_key;
    IF v_key IS NOT NULL THEN
        PERFORM pg_notify(p_channel, v_key);
    END IF;
END
$$;

-- Gives up the place `p_waiter` in the queue, and wakes the others (the queue moved).
CREATE FUNCTION cluster_permit_leave_queue(p_waiter bigint, p_channel text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    v_key text;
BEGIN
    PERFORM set_config('synchronous_commit', 'off', true);
    DELETE FROM cluster_permit_waiters w WHERE w.id = p_waiter RETURNING w.pool_key INTO v_key;
    IF v_key IS NOT NULL THEN
        PERFORM pg_notify(p_channel, v_key);
    END IF;
END
$$;
