-- The audit log, newest change first: who changed what when, which report file with
-- which content hash (short and whole), the summary, the before and after (JSON) and
-- which later change undid it, if any.
SELECT
    a.audit_id,
    a.changed_at,
    a.actor,
    a.action,
    a.report_file,
    left(a.content_sha256, 12)                                     AS short_sha256,
    a.content_sha256,
    a.summary,
    a.undoes,
    a.undone_by,
    a.action IN ('import', 'ersättning') AND a.undone_by IS NULL   AS undoable,
    CAST(a.before AS VARCHAR)                                      AS before,
    CAST(a.after AS VARCHAR)                                       AS after
FROM audit_log a
ORDER BY a.audit_id DESC;
