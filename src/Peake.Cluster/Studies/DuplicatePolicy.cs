namespace Peake.Cluster.Studies;

/// <summary>
/// What a study does when a SOP instance it already holds arrives again with different bytes (ADR 0025). Identical
/// bytes are always accepted with no change; different bytes are never a silent overwrite.
/// </summary>
public enum DuplicatePolicy
{
    /// <summary>The new version is refused (<see cref="StudyRefusal.DifferentContent"/>); the recorded one stays.</summary>
    Reject,

    /// <summary>The new version is recorded as the newest and the old ones are kept.</summary>
    KeepBoth,
}
