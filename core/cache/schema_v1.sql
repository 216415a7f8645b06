-- Virtumancer cache schema, version 1. Timestamps are INTEGER Unix epoch milliseconds UTC.
-- Mirrored rows carry created_at (first mirrored) and updated_at (last mirrored change).

CREATE TABLE hosts (
    id TEXT PRIMARY KEY NOT NULL,
    display_name TEXT NOT NULL DEFAULT '',
    uri TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL DEFAULT 'DISCONNECTED'
        CHECK (state IN ('DISCONNECTED', 'CONNECTING', 'CONNECTED', 'ERROR')),
    task_state TEXT NOT NULL DEFAULT '',
    auto_reconnect_disabled INTEGER NOT NULL DEFAULT 0,
    autoconnect INTEGER NOT NULL DEFAULT 1,
    last_error TEXT NOT NULL DEFAULT '',
    last_connected_at INTEGER NOT NULL DEFAULT 0,
    last_sync_at INTEGER NOT NULL DEFAULT 0,
    hostname TEXT NOT NULL DEFAULT '',
    hypervisor TEXT NOT NULL DEFAULT '',
    hypervisor_version TEXT NOT NULL DEFAULT '',
    libvirt_version TEXT NOT NULL DEFAULT '',
    cpu_count INTEGER NOT NULL DEFAULT 0,
    memory_bytes INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE virtual_machines (
    id INTEGER PRIMARY KEY,
    host_id TEXT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
    uuid TEXT NOT NULL,
    name TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    vcpu_count INTEGER NOT NULL DEFAULT 0,
    memory_bytes INTEGER NOT NULL DEFAULT 0,
    current_memory_bytes INTEGER NOT NULL DEFAULT 0,
    state INTEGER NOT NULL DEFAULT 0,
    state_reason INTEGER NOT NULL DEFAULT 0,
    is_template INTEGER NOT NULL DEFAULT 0,
    persistent INTEGER NOT NULL DEFAULT 1,
    autostart INTEGER NOT NULL DEFAULT 0,
    os_type TEXT NOT NULL DEFAULT '',
    arch TEXT NOT NULL DEFAULT '',
    machine TEXT NOT NULL DEFAULT '',
    cpu_model TEXT NOT NULL DEFAULT '',
    cpu_topology_json TEXT NOT NULL DEFAULT '',
    managed INTEGER NOT NULL DEFAULT 0,
    domain_xml TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (host_id, uuid)
);
CREATE INDEX virtual_machines_name ON virtual_machines(name);

CREATE TABLE storage_pools (
    id INTEGER PRIMARY KEY,
    host_id TEXT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
    uuid TEXT NOT NULL,
    name TEXT NOT NULL,
    type TEXT NOT NULL DEFAULT '',
    target_path TEXT NOT NULL DEFAULT '',
    capacity_bytes INTEGER NOT NULL DEFAULT 0,
    allocation_bytes INTEGER NOT NULL DEFAULT 0,
    available_bytes INTEGER NOT NULL DEFAULT 0,
    active INTEGER NOT NULL DEFAULT 0,
    autostart INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (host_id, uuid)
);

CREATE TABLE volumes (
    id INTEGER PRIMARY KEY,
    host_id TEXT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
    pool_id INTEGER REFERENCES storage_pools(id) ON DELETE SET NULL,
    name TEXT NOT NULL,
    path TEXT NOT NULL,
    key TEXT NOT NULL DEFAULT '',
    type TEXT NOT NULL DEFAULT '',
    format TEXT NOT NULL DEFAULT '',
    capacity_bytes INTEGER NOT NULL DEFAULT 0,
    allocation_bytes INTEGER NOT NULL DEFAULT 0,
    description TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (host_id, path)
);
CREATE INDEX volumes_pool ON volumes(pool_id);

CREATE TABLE disk_attachments (
    id INTEGER PRIMARY KEY,
    vm_id INTEGER NOT NULL REFERENCES virtual_machines(id) ON DELETE CASCADE,
    volume_id INTEGER REFERENCES volumes(id) ON DELETE SET NULL,
    source_path TEXT NOT NULL DEFAULT '',
    device TEXT NOT NULL DEFAULT 'disk',
    device_name TEXT NOT NULL,
    bus_type TEXT NOT NULL DEFAULT '',
    format TEXT NOT NULL DEFAULT '',
    readonly INTEGER NOT NULL DEFAULT 0,
    boot_order INTEGER NOT NULL DEFAULT 0,
    size_bytes INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (vm_id, device_name)
);
CREATE INDEX disk_attachments_volume ON disk_attachments(volume_id);

CREATE TABLE networks (
    id INTEGER PRIMARY KEY,
    host_id TEXT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
    uuid TEXT NOT NULL,
    name TEXT NOT NULL,
    bridge_name TEXT NOT NULL DEFAULT '',
    mode TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 0,
    autostart INTEGER NOT NULL DEFAULT 0,
    persistent INTEGER NOT NULL DEFAULT 1,
    ipv4_address TEXT NOT NULL DEFAULT '',
    dhcp_start TEXT NOT NULL DEFAULT '',
    dhcp_end TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (host_id, name),
    UNIQUE (host_id, uuid)
);

CREATE TABLE ports (
    id INTEGER PRIMARY KEY,
    vm_id INTEGER NOT NULL REFERENCES virtual_machines(id) ON DELETE CASCADE,
    mac_address TEXT NOT NULL,
    model_name TEXT NOT NULL DEFAULT '',
    source_type TEXT NOT NULL DEFAULT '',
    source_name TEXT NOT NULL DEFAULT '',
    port_group TEXT NOT NULL DEFAULT '',
    target_dev TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (vm_id, mac_address)
);

CREATE TABLE port_bindings (
    id INTEGER PRIMARY KEY,
    port_id INTEGER NOT NULL UNIQUE REFERENCES ports(id) ON DELETE CASCADE,
    network_id INTEGER NOT NULL REFERENCES networks(id) ON DELETE CASCADE
);

CREATE TABLE graphics_devices (
    id INTEGER PRIMARY KEY,
    vm_id INTEGER NOT NULL REFERENCES virtual_machines(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL DEFAULT 0,
    type TEXT NOT NULL,
    model_name TEXT NOT NULL DEFAULT '',
    vram_kib INTEGER NOT NULL DEFAULT 0,
    listen_address TEXT NOT NULL DEFAULT '',
    port INTEGER NOT NULL DEFAULT -1,
    tls_port INTEGER NOT NULL DEFAULT -1,
    autoport INTEGER NOT NULL DEFAULT 0,
    has_password INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (vm_id, ordinal)
);

CREATE TABLE snapshots (
    id INTEGER PRIMARY KEY,
    vm_id INTEGER NOT NULL REFERENCES virtual_machines(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT '',
    parent_name TEXT NOT NULL DEFAULT '',
    is_current INTEGER NOT NULL DEFAULT 0,
    creation_time INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (vm_id, name)
);

-- Tags are the user's data: keyed by (host, uuid) rather than the VM row, so they survive the
-- VM being re-mirrored (deleted and found again).
CREATE TABLE tags (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    color TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE TABLE vm_tags (
    tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    host_id TEXT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
    vm_uuid TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (tag_id, host_id, vm_uuid)
);

-- The audit log is append-only: nothing ever updates or deletes a row (enforced below).
-- host_id is not a foreign key: the history of a removed host stays.
CREATE TABLE audit_events (
    id TEXT PRIMARY KEY NOT NULL,
    ts_ms INTEGER NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('AUDIT', 'INFO', 'WARN', 'ERROR')),
    component TEXT NOT NULL DEFAULT '',
    actor TEXT NOT NULL DEFAULT '',
    host_id TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    message TEXT NOT NULL DEFAULT '',
    details_json TEXT NOT NULL DEFAULT '{}',
    outcome TEXT NOT NULL DEFAULT 'ok' CHECK (outcome IN ('ok', 'failed')),
    error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_ts ON audit_events(ts_ms);
CREATE INDEX audit_events_host ON audit_events(host_id, ts_ms);
CREATE TABLE audit_objects (
    event_id TEXT NOT NULL REFERENCES audit_events(id),
    object_type TEXT NOT NULL,
    object_id TEXT NOT NULL,
    PRIMARY KEY (event_id, object_type, object_id)
);
CREATE INDEX audit_objects_object ON audit_objects(object_id, object_type);
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
CREATE TRIGGER audit_objects_no_update BEFORE UPDATE ON audit_objects
BEGIN SELECT RAISE(ABORT, 'audit_objects is append-only'); END;
CREATE TRIGGER audit_objects_no_delete BEFORE DELETE ON audit_objects
BEGIN SELECT RAISE(ABORT, 'audit_objects is append-only'); END;

-- Volume status is derived, never stored: available (no attachment), attached (attached only to
-- VMs that are not running), in-use (attached to a running or paused VM).
CREATE VIEW volume_status AS
SELECT v.id AS volume_id,
       v.host_id AS host_id,
       COUNT(d.id) AS attachment_count,
       CASE
           WHEN COUNT(d.id) = 0 THEN 'available'
           WHEN SUM(CASE WHEN vm.state IN (1, 2, 3, 4, 7) THEN 1 ELSE 0 END) > 0 THEN 'in-use'
           ELSE 'attached'
       END AS status
FROM volumes v
LEFT JOIN disk_attachments d ON d.volume_id = v.id
LEFT JOIN virtual_machines vm ON vm.id = d.vm_id
GROUP BY v.id;
