namespace Peake.Cluster.Patients;

/// <summary>The rule for a reported patient name, shared by the index and the edges that refuse bad input early.</summary>
public static class PersonName
{
    /// <summary>
    /// PS3.5 6.2: one PN value has at most three component groups ('=') of at most 64 characters each, and no
    /// backslash (that would be a second value) or control character (escapes are consumed by decoding).
    /// </summary>
    public static bool IsSingleValue(string name) =>
        !name.Any(c => c == '\\' || char.IsControl(c))
        && name.Split('=') is { Length: <= 3 } groups
        && groups.All(g => g.Length <= 64);
}
