using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Peake.Cluster.Patients;

namespace Peake.Management.Patients;

/// <summary>Parses what callers send the patient routes; every failure is a reason fit for a 400.</summary>
internal static class PatientInput
{
    public static bool TryMasterId(string? text, string what, [NotNullWhen(true)] out MasterPatientId? id,
        [NotNullWhen(false)] out string? error)
    {
        // Operators paste ids in upper case too; the index spells them in lower case only.
        error = MasterPatientId.TryParse(text?.Trim().ToLowerInvariant(), out id)
            ? null
            : $"{what} must be a master patient id (32 hex digits), not {Quote(text)}";
        return error is null;
    }

    public static bool TryIdentifier(string? issuer, string? patientId, [NotNullWhen(true)] out PatientIdentifier? identifier,
        [NotNullWhen(false)] out string? error)
    {
        // No calling hospital here to stand for an empty issuer (ADR 0016): the caller must name it.
        if (!PatientIdentifier.TryCreate(issuer, patientId, "", out identifier, out error))
            error = $"issuer and patientId must name an identifier: {error}";
        return error is null;
    }

    public static bool TryDemographics(string? name, string? birthDate, string? sex, out ReportedDemographics demographics,
        [NotNullWhen(false)] out string? error)
    {
        demographics = new ReportedDemographics(null, null, null);
        DateOnly? date = null;
        if (!string.IsNullOrEmpty(birthDate))
        {
            if (!DateOnly.TryParseExact(birthDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                error = $"birthDate must be yyyy-MM-dd, not {Quote(birthDate)}";
                return false;
            }
            date = parsed;
        }
        // Checked here although the record checks it again: by the time the record refuses a name, resolve has
        // already created the person, and a refused request must change nothing.
        if (!string.IsNullOrWhiteSpace(name) && !PersonName.IsSingleValue(name.Trim(' ')))
        {
            error = "name must be one PN value (PS3.5 6.2: at most three '='-separated groups of 64 characters, no backslash or control character)";
            return false;
        }
        PatientSex? parsedSex = null;
        if (!string.IsNullOrEmpty(sex))
        {
            if (!TrySex(sex, out var value))
            {
                error = $"sex must be M, F or O (PS3.3 C.7.1.1), not {Quote(sex)}";
                return false;
            }
            parsedSex = value;
        }
        demographics = new ReportedDemographics(name, date, parsedSex);
        error = null;
        return true;
    }

    public static string? SexCode(PatientSex? sex) => sex switch
    {
        PatientSex.Male => "M",
        PatientSex.Female => "F",
        PatientSex.Other => "O",
        _ => null,
    };

    /// <summary>The <c>follow</c> query flag of GET by master id: absent means follow merges.</summary>
    public static bool TryFollow(string? text, out bool follow)
    {
        follow = true;
        return text is null || bool.TryParse(text, out follow);
    }

    private static bool TrySex(string code, out PatientSex sex)
    {
        sex = code switch { "M" => PatientSex.Male, "F" => PatientSex.Female, _ => PatientSex.Other };
        return code is "M" or "F" or "O";
    }

    // Echo at most a short, printable prefix of what was sent: reasons must not reflect a megabyte back.
    public static string Quote(string? text)
    {
        if (text is null)
            return "nothing";
        var shown = new string([.. text.Take(40).Select(c => char.IsControl(c) ? '?' : c)]);
        return $"'{shown}{(text.Length > 40 ? "..." : "")}'";
    }
}
