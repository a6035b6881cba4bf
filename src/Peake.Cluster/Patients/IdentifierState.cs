namespace Peake.Cluster.Patients;

/// <summary>
/// (issuer, MRN) → master patient id and that person's home site. The identifier's sharded actor processes commands
/// one at a time, so the first <see cref="ResolveIdentifier"/> ever processed assigns the id and every later one, from
/// any site, gets the same id.
/// </summary>
internal sealed record IdentifierState(PatientIdentifier Identifier, MasterPatientId? Master, string? HomeSite)
{
    public static IdentifierState Unassigned(PatientIdentifier identifier) => new(identifier, null, null);

    public IdentifierDecision Process(IIdentifierCommand command) => command switch
    {
        ResolveIdentifier resolve => Master is null
            ? new IdentifierDecision(IdentifierRefusal.None, resolve.Candidate, true,
                [new IdentifierAssigned(resolve.Candidate, null, resolve.HomeSite)])
            : Unchanged,
        ReadIdentifier => Unchanged,
        ReassignIdentifier reassign when reassign.Expected is not null && reassign.Expected != Master =>
            new IdentifierDecision(IdentifierRefusal.Conflict, Master, false, []),
        ReassignIdentifier reassign => reassign.To == Master && reassign.HomeSite == HomeSite
            ? Unchanged
            : new IdentifierDecision(IdentifierRefusal.None, reassign.To, Master is null,
                [new IdentifierAssigned(reassign.To, Master, reassign.HomeSite)]),
        _ => throw new ArgumentException($"Unknown identifier command {command.GetType().Name}.", nameof(command)),
    };

    public IdentifierState Apply(IIdentifierEvent e) => e switch
    {
        IdentifierAssigned assigned => this with { Master = assigned.Master, HomeSite = assigned.HomeSite },
        _ => throw new ArgumentException($"Unknown identifier event {e.GetType().Name}.", nameof(e)),
    };

    private IdentifierDecision Unchanged => new(IdentifierRefusal.None, Master, false, []);
}
