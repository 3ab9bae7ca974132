-- Distributed executions: `host-runner submit` stages one (the process and connection files'
-- text, with secret references only, and the input in batches of contiguous lines); `node`
-- processes claim its batches and write their output and outcome lines back.
CREATE TABLE cluster_executions (
    id              bigserial   PRIMARY KEY,
    name            text        NOT NULL,
    -- The original paths: relative paths inside the files resolve against their folders.
    process_path    text        NOT NULL,
    process_text    text        NOT NULL,
    connection_path text,
    connection_text text,
    params          text        NOT NULL DEFAULT '[]',  -- JSON: [[name, value], …]
    documents       bigint      NOT NULL DEFAULT 0,
    batches         integer     NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz
);

-- A batch is held like everything else, through its node row: while `node` is alive
-- (cluster_node_alive), nobody else claims it. `attempts` counts claims; the row of the
-- attempt a node holds is the fence its writes check.
CREATE TABLE cluster_batches (
    execution   bigint      NOT NULL REFERENCES cluster_executions (id) ON DELETE CASCADE,
    seq         integer     NOT NULL,
    first_input bigint      NOT NULL,
    inputs      integer     NOT NULL,
    lines       bytea       NOT NULL,
    state       text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'done')),
    node        bigint,
    attempts    integer     NOT NULL DEFAULT 0,
    started_at  timestamptz,
    finished_at timestamptz,
    PRIMARY KEY (execution, seq)
);
CREATE INDEX cluster_batches_claimable ON cluster_batches (state) WHERE state <> 'done';

-- Which node ran which attempt of a batch (a lost attempt keeps no finish).
CREATE TABLE cluster_batch_attempts (
    execution   bigint      NOT NULL,
    seq         integer     NOT NULL,
    attempt     integer     NOT NULL,
    node        bigint      NOT NULL,
    node_name   text        NOT NULL,
    started_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    -- released: given back (a stop, or a failed write); refused: the node cannot run the
    -- process (its files, connector or settings there), `reason` says why.
    result      text CHECK (result IN ('done', 'released', 'refused')),
    reason      text,
    PRIMARY KEY (execution, seq, attempt),
    FOREIGN KEY (execution, seq) REFERENCES cluster_batches (execution, seq) ON DELETE CASCADE
);

-- The NDJSON lines of a batch as `run` writes them: output documents and one outcome line per
-- input (`outcome`, `code`, `in_flight` copied out of it for counts and for resuming).
CREATE TABLE cluster_outputs (
    id          bigserial PRIMARY KEY,
    execution   bigint    NOT NULL,
    seq         integer   NOT NULL,
    input       bigint    NOT NULL,
    outcome     text,
    code        text,
    in_flight   boolean   NOT NULL DEFAULT false,
    line        bytea     NOT NULL,
    FOREIGN KEY (execution, seq) REFERENCES cluster_batches (execution, seq) ON DELETE CASCADE
);
CREATE INDEX cluster_outputs_by_input ON cluster_outputs (execution, input, id);
CREATE INDEX cluster_outputs_by_batch ON cluster_outputs (execution, seq) WHERE outcome IS NOT NULL;
