using System.Collections.Immutable;

namespace Peake.Cluster.Studies;

internal sealed record StudyDecision(StudyRefusal Refusal, ImmutableArray<IStudyEvent> Events)
{
    public static readonly StudyDecision Unchanged = new(StudyRefusal.None, []);

    public static StudyDecision Refused(StudyRefusal refusal) => new(refusal, []);

    public static StudyDecision Emit(params IStudyEvent[] events) => new(StudyRefusal.None, [.. events]);
}
