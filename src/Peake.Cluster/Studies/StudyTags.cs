namespace Peake.Cluster.Studies;

/// <summary>Journal tags of study events; readers (the replication coordinator's catalog) follow them by tag.</summary>
public static class StudyTags
{
    /// <summary>Every <see cref="InstanceStored"/>: the catalog of stored content, in journal order.</summary>
    public const string Instance = "instance";
}
