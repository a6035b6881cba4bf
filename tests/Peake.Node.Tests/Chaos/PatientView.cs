namespace Peake.Node.Tests.Chaos;

/// <summary>
/// A person as the patient routes answer (the BRIEF's contract): the record, and the node and site that answered for
/// it. Compared without <see cref="Address"/> and <see cref="Site"/> when only the record must be intact.
/// </summary>
internal sealed record PatientView(
    string MasterId, string HomeSite, IReadOnlyList<IdentifierView> Identifiers, string? Name, string? BirthDate, string? Sex,
    string? MergedInto, string? Address, string? Site)
{
    public string Record => $"{MasterId} home={HomeSite} ids=[{string.Join(",", Identifiers)}] name={Name} "
        + $"birth={BirthDate} sex={Sex} merged={MergedInto}";
}

internal sealed record IdentifierView(string Issuer, string PatientId);
