namespace Peake.Cluster.Patients;

/// <summary>
/// (issuer, MRN) → master patient id. The identifier's sharded actor processes commands one at a time, so the first
/// <see cref="ResolveIdentifier"/> ever processed assigns the id and every later one, from any site, gets the same id.
/// </summary>
internal sealed record IdentifierState(PatientIdentifier Identifier, MasterPatientId? Master)
{
    public static IdentifierState Unassigned(PatientIdentifier identifier) => new(identifier, null);

    public IdentifierDecision Process(IIdentifierCommand command) => command switch
    {
        ResolveIdentifier resolve => Master is null
            ? new IdentifierDecision(IdentifierRefusal.None, resolve.Candidate, true, [new IdentifierAssigned(resolve.Candidate, null)])
            : new IdentifierDecision(IdentifierRefusal.None, Master, false, []),
        ReassignIdentifier reassign when reassign.Expected is not null && reassign.Expected != Master =>
            new IdentifierDecision(IdentifierRefusal.Conflict, Master, false, []),
        ReassignIdentifier reassign => reassign.To == Master
            ? new IdentifierDecision(IdentifierRefusal.None, Master, false, [])
            : new IdentifierDecision(IdentifierRefusal.None, reassign.To, Master is null, [new IdentifierAssigned(reassign.To, Master)]),
        _ => throw new ArgumentException($"Unknown identifier command {command.GetType().Name}.", nameof(command)),
    };

    public IdentifierState Apply(IIdentifierEvent e) => e switch
    {
        IdentifierAssigned assigned => this with { Master = assigned.Master },
        _ => throw new ArgumentException($"Unknown identifier event {e.GetType().Name}.", nameof(e)),
    };
}
