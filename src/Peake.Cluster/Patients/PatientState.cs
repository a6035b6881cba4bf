using System.Collections.Immutable;

namespace Peake.Cluster.Patients;

/// <summary>
/// One person in the master person index. <see cref="Process"/> decides (pure; no events when the command is already
/// done, so a retried command never emits twice); <see cref="Apply"/> folds an event, and is the only way state changes,
/// so recovery from the journal rebuilds exactly what was decided.
/// </summary>
internal sealed record PatientState(
    MasterPatientId Id,
    bool IsRegistered,
    ImmutableArray<PatientIdentifier> Identifiers,
    PatientDemographics Demographics,
    string HomeSite,
    MasterPatientId? MergedInto,
    ImmutableHashSet<MasterPatientId> AbsorbedFrom)
{
    public static PatientState Empty(MasterPatientId id) =>
        new(id, false, [], PatientDemographics.Empty, "", null, []);

    public bool IsTombstone => MergedInto is not null;

    public PatientDecision Process(IPatientCommand command)
    {
        if (command is ReadPatient)
            return PatientDecision.Unchanged;
        if (command is RegisterPatient register)
            return Register(register);
        if (IsTombstone)
            // A repeated merge into the same survivor is done already; anything else goes to the survivor.
            return command is MergeInto m && m.Survivor == MergedInto ? PatientDecision.Unchanged : PatientDecision.Refused(PatientRefusal.Merged);
        if (!IsRegistered)
            return PatientDecision.Refused(PatientRefusal.NotRegistered);
        return command switch
        {
            LinkIdentifier link => Identifiers.Contains(link.Identifier)
                ? PatientDecision.Unchanged
                : PatientDecision.Emit(new IdentifierLinked(link.Identifier)),
            UnlinkIdentifier unlink => Unlink(unlink),
            UpdateDemographics update => Update(update),
            ChangeHomeSite change => ChangeSite(change),
            AbsorbPatient absorb => Absorb(absorb),
            MergeInto merge => merge.Survivor == Id
                ? PatientDecision.Refused(PatientRefusal.MergeIntoSelf)
                : PatientDecision.Emit(new PatientMerged(merge.Survivor)),
            _ => PatientDecision.Refused(PatientRefusal.InvalidCommand),
        };
    }

    public PatientState Apply(IPatientEvent e) => e switch
    {
        PatientRegistered r => this with { IsRegistered = true, Identifiers = [r.Identifier], HomeSite = r.HomeSite },
        IdentifierLinked l => this with { Identifiers = Identifiers.Add(l.Identifier) },
        IdentifierUnlinked u => this with
        {
            Identifiers = Identifiers.Remove(u.Identifier),
            Demographics = Demographics.Without(u.Identifier),
        },
        DemographicsUpdated d => this with
        {
            Demographics = new PatientDemographics(
                d.Name is null ? Demographics.Name : new Attested<string>(d.Name, d.Source),
                d.BirthDate is null ? Demographics.BirthDate : new Attested<DateOnly>(d.BirthDate.Value, d.Source),
                d.Sex is null ? Demographics.Sex : new Attested<PatientSex>(d.Sex.Value, d.Source)),
        },
        HomeSiteChanged h => this with { HomeSite = h.To },
        PatientAbsorbed a => this with
        {
            Identifiers = Identifiers.AddRange(a.Identifiers.Where(i => !Identifiers.Contains(i)).Distinct()),
            Demographics = Demographics.FillFrom(a.Demographics),
            AbsorbedFrom = AbsorbedFrom.Add(a.From),
        },
        // The tombstone keeps no identifiers or demographics: they live on in the survivor.
        PatientMerged m => this with { MergedInto = m.Survivor, Identifiers = [], Demographics = PatientDemographics.Empty },
        _ => throw new ArgumentException($"Unknown patient event {e.GetType().Name}.", nameof(e)),
    };

    private PatientDecision Register(RegisterPatient register)
    {
        if (IsTombstone)
            return PatientDecision.Refused(PatientRefusal.Merged);
        if (string.IsNullOrWhiteSpace(register.HomeSite))
            return PatientDecision.Refused(PatientRefusal.InvalidCommand);
        if (!IsRegistered)
            return PatientDecision.Emit(new PatientRegistered(register.Identifier, register.HomeSite));
        // Two sites that saw the same new identifier both register it: the first one's home site stands.
        return Identifiers.Contains(register.Identifier) ? PatientDecision.Unchanged : PatientDecision.Refused(PatientRefusal.AlreadyRegistered);
    }

    private PatientDecision Unlink(UnlinkIdentifier unlink)
    {
        if (!Identifiers.Contains(unlink.Identifier))
            return PatientDecision.Unchanged;
        // A person with no identifier could never be found again: merge it instead.
        return Identifiers.Length == 1
            ? PatientDecision.Refused(PatientRefusal.LastIdentifier)
            : PatientDecision.Emit(new IdentifierUnlinked(unlink.Identifier));
    }

    private PatientDecision Update(UpdateDemographics update)
    {
        if (!Identifiers.Contains(update.Source))
            return PatientDecision.Refused(PatientRefusal.UnknownSource);
        var name = string.IsNullOrWhiteSpace(update.Name) ? null : update.Name.Trim(' ');
        if (name is not null && !PersonName.IsSingleValue(name))
            return PatientDecision.Refused(PatientRefusal.InvalidCommand);
        // Latest report wins, field by field; a field reported again unchanged by the same source is no change.
        var changed = new DemographicsUpdated(
            update.Source,
            Changes(Demographics.Name, name, update.Source),
            ChangesValue(Demographics.BirthDate, update.BirthDate, update.Source),
            ChangesValue(Demographics.Sex, update.Sex, update.Source));
        return changed is { Name: null, BirthDate: null, Sex: null } ? PatientDecision.Unchanged : PatientDecision.Emit(changed);
    }

    private PatientDecision ChangeSite(ChangeHomeSite change)
    {
        if (string.IsNullOrWhiteSpace(change.Site))
            return PatientDecision.Refused(PatientRefusal.InvalidCommand);
        return change.Site == HomeSite ? PatientDecision.Unchanged : PatientDecision.Emit(new HomeSiteChanged(HomeSite, change.Site));
    }

    private PatientDecision Absorb(AbsorbPatient absorb)
    {
        if (absorb.From == Id)
            return PatientDecision.Refused(PatientRefusal.MergeIntoSelf);
        return AbsorbedFrom.Contains(absorb.From)
            ? PatientDecision.Unchanged
            : PatientDecision.Emit(new PatientAbsorbed(absorb.From, absorb.Identifiers, absorb.Demographics));
    }

    private static string? Changes(Attested<string>? current, string? reported, PatientIdentifier source) =>
        reported is null || current == new Attested<string>(reported, source) ? null : reported;

    private static T? ChangesValue<T>(Attested<T>? current, T? reported, PatientIdentifier source)
        where T : struct =>
        reported is null || current == new Attested<T>(reported.Value, source) ? null : reported;
}
