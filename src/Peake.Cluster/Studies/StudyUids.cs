namespace Peake.Cluster.Studies;

/// <summary>PS3.5 9.1: a UID is at most 64 characters of digit components separated by '.', no leading zero in a component.</summary>
internal static class StudyUids
{
    public static bool IsValid(string? uid)
    {
        if (string.IsNullOrEmpty(uid) || uid.Length > 64)
            return false;
        foreach (var component in uid.Split('.'))
        {
            if (component.Length == 0 || !component.All(char.IsAsciiDigit) || (component.Length > 1 && component[0] == '0'))
                return false;
        }
        return true;
    }
}
