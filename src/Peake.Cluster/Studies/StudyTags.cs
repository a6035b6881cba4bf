namespace Peake.Cluster.Studies;

/// <summary>Journal tags of study events; readers (the replication coordinator's catalog) follow them by tag.</summary>
public static class StudyTags
{
    /// <summary>Every <see cref="InstanceStored"/>: the catalog of stored content, in journal order.</summary>
    public const string Instance = "instance";

    /// <summary>
    /// <see cref="StudyOpened"/>, <see cref="StudyRelocated"/> and <see cref="StudyAccessed"/>: whose the study is, where
    /// it lives and who last retrieved it, for the query read model (ADR 0030, 0033). Kept apart from
    /// <see cref="Instance"/>, which stays the catalog of stored content.
    /// </summary>
    public const string Study = "study";
}
