namespace Peake.Cluster.Patients;

/// <summary>Why a master person index operation failed; the HTTP routes map these to status codes.</summary>
public enum PatientIndexError
{
    /// <summary>No record has this master id (404).</summary>
    UnknownPatient,
    /// <summary>No record was ever assigned this identifier (404).</summary>
    UnknownIdentifier,
    /// <summary>The request breaks a rule of ADR 0016 (merge into itself, into a tombstone, bad demographics) (400).</summary>
    Refused,
    /// <summary>Unlinking the person's only identifier would leave a record nobody can find: merge instead (400).</summary>
    LastIdentifier,
    /// <summary>Concurrent changes kept moving the identifier; nothing half-done is left, try again (409).</summary>
    Conflict,
    /// <summary>The entities did not answer in time; every step is idempotent, so retrying is safe (503).</summary>
    Unavailable,
}
