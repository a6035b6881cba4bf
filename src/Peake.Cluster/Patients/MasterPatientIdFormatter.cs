namespace Peake.Cluster.Patients;

/// <summary>A master id on the wire and in the journal: its 32 lower-case hex digits, checked again on read.</summary>
public sealed class MasterPatientIdFormatter : CheckedStringFormatter<MasterPatientId>
{
    protected override string ToText(MasterPatientId value) => value.Value;

    protected override bool TryParse(string text, out MasterPatientId? value) => MasterPatientId.TryParse(text, out value);
}
