namespace Peake.Cluster.Patients;

/// <summary>An identifier on the wire and in the journal: its key, <c>{issuer}\{patient id}</c>, LO rules checked on read.</summary>
public sealed class PatientIdentifierFormatter : CheckedStringFormatter<PatientIdentifier>
{
    protected override string ToText(PatientIdentifier value) => value.Key;

    protected override bool TryParse(string text, out PatientIdentifier? value) => PatientIdentifier.TryParseKey(text, out value);
}
