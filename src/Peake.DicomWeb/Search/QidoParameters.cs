using System.Globalization;
using Microsoft.AspNetCore.Http;
using Peake.Dicom;
using Peake.Dicom.Network.Query;
using Peake.DicomWeb.Http;

namespace Peake.DicomWeb.Search;

/// <summary>
/// Turns a QIDO-RS query string (PS3.18 8.3.4, Table 8.3.4-1) into a <see cref="QidoSearch"/>:
/// <c>{attribute}={value}</c> with a keyword or 8 hex digits, dotted paths into sequence items, comma-separated UID
/// lists; <c>includefield</c>, <c>limit</c>, <c>offset</c>, <c>fuzzymatching</c>. Anything it cannot honour is a
/// <see cref="DicomWebRequestException"/> (400) naming the parameter, never a guess.
/// </summary>
internal static class QidoParameters
{
    private static readonly HashSet<string> Controls = new(StringComparer.OrdinalIgnoreCase)
    {
        "limit", "offset", "includefield", "fuzzymatching", "emptyvaluematching", "multiplevaluematching",
    };

    public static QidoSearch Parse(QueryLevel level, RouteUids path, IQueryCollection parameters)
    {
        var identifier = new DicomDataset();
        var requested = new HashSet<DicomTag>();
        foreach (var (name, values) in parameters)
        {
            if (Controls.Contains(name))
            {
                continue;
            }

            if (values.Count > 1)
            {
                throw DicomWebRequestException.BadRequest($"attribute '{name}' is given {values.Count} times; give it once (UID lists are comma-separated)");
            }

            var attribute = AttributePath.Parse(name);
            if (QidoLevels.LevelOf(attribute.Top.Tag) > level)
            {
                throw DicomWebRequestException.BadRequest(
                    $"'{name}' is an attribute of a lower level than {LevelName(level)} and cannot be matched here" +
                    (attribute.Top.Tag == DicomTags.Modality ? " (use ModalitiesInStudy)" : ""));
            }

            attribute.SetKey(identifier, values[0] ?? "");
            requested.Add(attribute.Top.Tag);
        }

        var (includeAll, included) = IncludeFields(parameters["includefield"]);
        foreach (var tag in included)
        {
            // PS3.18 10.6.3.3.2: attributes of levels below the query level are not returned; asking is not an error.
            if (QidoLevels.LevelOf(tag) <= level)
            {
                requested.Add(tag);
            }
        }

        foreach (var tag in QidoLevels.ReturnKeys(level, path.Study is not null, path.Series is not null).Concat(requested))
        {
            if (!identifier.Contains(tag))
            {
                identifier.Set(AttributePath.EmptyKey(tag));
            }
        }

        SetPathKey(identifier, DicomTags.StudyInstanceUID, path.Study);
        SetPathKey(identifier, DicomTags.SeriesInstanceUID, path.Series);
        identifier.SetString(DicomTags.QueryRetrieveLevel, DicomVR.CS, LevelName(level));
        var fuzzy = Flag(parameters, "fuzzymatching");
        return new QidoSearch(
            new CFindQuery(QueryModel.StudyRoot, level, identifier),
            requested,
            includeAll,
            Count(parameters, "limit"),
            Count(parameters, "offset") ?? 0,
            fuzzy);
    }

    private static (bool All, List<DicomTag> Tags) IncludeFields(Microsoft.Extensions.Primitives.StringValues values)
    {
        var names = values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        var all = names.Any(n => n.Equals("all", StringComparison.OrdinalIgnoreCase));
        if (all && names.Count > 1)
        {
            // PS3.18 8.3.4.3: "all" stands alone.
            throw DicomWebRequestException.BadRequest("includefield=all cannot be combined with other includefield values");
        }

        return all ? (true, []) : (false, names.Select(n => AttributePath.Parse(n).Top.Tag).ToList());
    }

    private static void SetPathKey(DicomDataset identifier, DicomTag tag, string? uid)
    {
        if (uid is not null)
        {
            identifier.SetString(tag, DicomVR.UI, uid);
        }
    }

    private static int? Count(IQueryCollection parameters, string name)
    {
        if (!parameters.TryGetValue(name, out var values))
        {
            return null;
        }

        return values.Count == 1 && int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw DicomWebRequestException.BadRequest($"{name} '{values}' is not a non-negative integer");
    }

    private static bool Flag(IQueryCollection parameters, string name)
    {
        if (!parameters.TryGetValue(name, out var values))
        {
            return false;
        }

        return values.ToString().ToLowerInvariant() switch
        {
            "true" => true,
            "false" => false,
            _ => throw DicomWebRequestException.BadRequest($"{name} '{values}' is neither true nor false"),
        };
    }

    public static string LevelName(QueryLevel level) => level switch
    {
        QueryLevel.Study => "STUDY",
        QueryLevel.Series => "SERIES",
        QueryLevel.Image => "IMAGE",
        _ => "PATIENT",
    };
}
