using System.Buffers;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Peake.Dicom;
using Peake.Dicom.Network.Query;
using Peake.DicomWeb.Http;
using Peake.DicomWeb.Search;

namespace Peake.DicomWeb.Retrieve;

/// <summary>
/// WADO-RS (PS3.18 10.4): the path's UIDs name the instances (<see cref="IQueryService.ResolveAsync"/>, 404 when none),
/// the <see cref="IRetrieveSource"/> gives their bytes, and every retrieval is recorded for the study. Instances are
/// streamed one part at a time; a part that cannot be produced after the response started aborts it, so a client never
/// takes a short study for a whole one.
/// </summary>
internal sealed class RetrieveHandlers(IQueryService queries, IRetrieveSource source, IRetrievalRecorder? recorder, DicomWebOptions options)
{
    public async Task InstancesAsync(HttpContext context, QueryContext caller)
    {
        var requested = MediaTypes.AcceptedMultipart(context.Request, MediaTypes.Dicom);
        var (path, items) = await ResolveAsync(context, caller, "wado-rs/instances").ConfigureAwait(false);
        var choices = items.Select(i => TransferSyntaxChoice.For(requested, i.TransferSyntaxUid)).ToList();
        if (choices.IndexOf(null) is var refused and >= 0)
        {
            throw new DicomWebRequestException(
                StatusCodes.Status406NotAcceptable,
                $"instance {items[refused].SopInstanceUid} is stored as {items[refused].TransferSyntaxUid} and cannot be sent as transfer-syntax={requested}");
        }

        var ct = context.RequestAborted;
        var (first, start) = await OpenFirstAsync(context, caller, items).ConfigureAwait(false);
        var writer = new MultipartRelatedWriter(context.Response, MediaTypes.Dicom);
        for (var i = start; i < items.Count; i++)
        {
            var stream = i == start ? first : await source.OpenAsync(items[i], caller, ct).ConfigureAwait(false);
            if (stream is null)
            {
                // Headers are gone: a silent gap would read as a complete study (ADR 0031).
                context.Abort();
                return;
            }

            await using (stream.ConfigureAwait(false))
            {
                var choice = choices[i]!.Value;
                await writer.WritePartAsync(
                    $"{MediaTypes.Dicom}; transfer-syntax={choice.SendAs}",
                    (body, token) => choice.Convert ? ConvertAsync(stream, choice.SendAs, body, token) : stream.CopyToAsync(body, token),
                    ct).ConfigureAwait(false);
            }
        }

        await writer.CompleteAsync(ct).ConfigureAwait(false);
    }

    public async Task MetadataAsync(HttpContext context, QueryContext caller)
    {
        MediaTypes.RequireJson(context.Request);
        var (_, items) = await ResolveAsync(context, caller, "wado-rs/metadata").ConfigureAwait(false);
        var ct = context.RequestAborted;
        var (first, start) = await OpenFirstAsync(context, caller, items).ConfigureAwait(false);
        var baseUrl = BaseUrl.Of(context, options);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = MediaTypes.DicomJson;
        await context.Response.Body.WriteAsync("["u8.ToArray(), ct).ConfigureAwait(false);
        for (var i = start; i < items.Count; i++)
        {
            var stream = i == start ? first : await source.OpenAsync(items[i], caller, ct).ConfigureAwait(false);
            if (stream is null)
            {
                context.Abort();
                return;
            }

            await using (stream.ConfigureAwait(false))
            {
                await using var spooled = await SpooledInstance.CreateAsync(stream, ct).ConfigureAwait(false);
                var item = items[i];
                var instanceUrl = $"{baseUrl}/studies/{item.StudyInstanceUid}/series/{item.SeriesInstanceUid}/instances/{item.SopInstanceUid}";
                var json = new ArrayBufferWriter<byte>();
                if (i > start)
                {
                    json.Write(","u8);
                }

                DicomJsonWriter.Write(json, spooled.File.Dataset, new DicomJsonOptions
                {
                    BulkDataThreshold = options.BulkDataThreshold,
                    BulkDataUriFor = request => $"{instanceUrl}/bulk/{request.Path}",
                });
                await context.Response.Body.WriteAsync(json.WrittenMemory, ct).ConfigureAwait(false);
            }
        }

        await context.Response.Body.WriteAsync("]"u8.ToArray(), ct).ConfigureAwait(false);
    }

    public async Task FramesAsync(HttpContext context, QueryContext caller)
    {
        var requested = MediaTypes.AcceptedMultipart(context.Request, MediaTypes.OctetStream);
        if (requested.Length > 0 && requested != MediaTypes.ExplicitVrLittleEndian && requested != "*")
        {
            throw new DicomWebRequestException(StatusCodes.Status406NotAcceptable, $"frames are served uncompressed only (transfer-syntax={MediaTypes.ExplicitVrLittleEndian})");
        }

        var numbers = FrameList.Parse((string)context.GetRouteValue("frames")!);
        var (_, items) = await ResolveAsync(context, caller, "wado-rs/frames").ConfigureAwait(false);
        await using var spooled = await SpoolOneAsync(context, caller, items[0]).ConfigureAwait(false);
        var frames = PixelFrames.Of(spooled.File, numbers);
        var writer = new MultipartRelatedWriter(context.Response, MediaTypes.OctetStream);
        foreach (var (offset, length) in frames)
        {
            await writer.WritePartAsync(
                $"{MediaTypes.OctetStream}; transfer-syntax={MediaTypes.ExplicitVrLittleEndian}",
                (body, token) => PixelFrames.CopyAsync(spooled.File, offset, length, body, token),
                context.RequestAborted).ConfigureAwait(false);
        }

        await writer.CompleteAsync(context.RequestAborted).ConfigureAwait(false);
    }

    public async Task BulkAsync(HttpContext context, QueryContext caller)
    {
        MediaTypes.AcceptedMultipart(context.Request, MediaTypes.OctetStream);
        var bulkPath = (string)context.GetRouteValue("path")!;
        var (_, items) = await ResolveAsync(context, caller, "wado-rs/bulk").ConfigureAwait(false);
        await using var spooled = await SpoolOneAsync(context, caller, items[0]).ConfigureAwait(false);
        var element = BulkPath.Find(spooled.File.Dataset, bulkPath);
        var writer = new MultipartRelatedWriter(context.Response, MediaTypes.OctetStream);
        await writer.WritePartAsync(
            MediaTypes.OctetStream,
            async (body, token) =>
            {
                await using var value = element.OpenValue();
                await value.CopyToAsync(body, token).ConfigureAwait(false);
            },
            context.RequestAborted).ConfigureAwait(false);
        await writer.CompleteAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The instances the path names (404 when none), recorded as retrieved by the caller's hospital.</summary>
    private async Task<(RouteUids Path, IReadOnlyList<RetrieveItem> Items)> ResolveAsync(HttpContext context, QueryContext caller, string via)
    {
        var path = RouteUids.Of(context);
        var level = path.Instance is not null ? QueryLevel.Image : path.Series is not null ? QueryLevel.Series : QueryLevel.Study;
        var identifier = new DicomDataset();
        identifier.SetString(DicomTags.QueryRetrieveLevel, DicomVR.CS, QidoParameters.LevelName(level));
        identifier.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, path.Study!);
        if (path.Series is not null)
        {
            identifier.SetString(DicomTags.SeriesInstanceUID, DicomVR.UI, path.Series);
        }

        if (path.Instance is not null)
        {
            identifier.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, path.Instance);
        }

        var items = await queries.ResolveAsync(new CFindQuery(QueryModel.StudyRoot, level, identifier), caller, context.RequestAborted).ConfigureAwait(false);
        if (items.Count == 0)
        {
            var what = path.Instance is not null ? $"instance {path.Instance}" : path.Series is not null ? $"series {path.Series}" : $"study {path.Study}";
            throw new DicomWebRequestException(StatusCodes.Status404NotFound, $"no {what} here");
        }

        recorder?.Record(path.Study!, caller.CallingAeTitle, via);
        return (path, items);
    }

    /// <summary>
    /// Opens instances in order until one is readable, before any byte is sent: those skipped are named in a Warning
    /// and left out (status stays 200); none readable is a 503.
    /// </summary>
    private async Task<(Stream Stream, int Index)> OpenFirstAsync(HttpContext context, QueryContext caller, IReadOnlyList<RetrieveItem> items)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (await source.OpenAsync(items[i], caller, context.RequestAborted).ConfigureAwait(false) is { } stream)
            {
                return (stream, i);
            }

            DicomWebErrors.AddWarning(context.Response, $"instance {items[i].SopInstanceUid} has no readable copy and is left out");
        }

        throw new DicomWebRequestException(StatusCodes.Status503ServiceUnavailable, "no readable copy of the requested instances");
    }

    private async Task<SpooledInstance> SpoolOneAsync(HttpContext context, QueryContext caller, RetrieveItem item)
    {
        var stream = await source.OpenAsync(item, caller, context.RequestAborted).ConfigureAwait(false)
            ?? throw new DicomWebRequestException(StatusCodes.Status503ServiceUnavailable, $"instance {item.SopInstanceUid} has no readable copy");
        await using (stream.ConfigureAwait(false))
        {
            return await SpooledInstance.CreateAsync(stream, context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>Re-encodes an uncompressed instance (e.g. Implicit VR LE as stored by C-STORE) in the syntax sent.</summary>
    private static async Task ConvertAsync(Stream stored, string syntax, Stream body, CancellationToken cancellationToken)
    {
        await using var spooled = await SpooledInstance.CreateAsync(stored, cancellationToken).ConfigureAwait(false);
        var converted = spooled.Path + ".out";
        try
        {
            DicomFileWriter.Write(converted, spooled.File, DicomTransferSyntax.Parse(syntax));
            var input = new FileStream(converted, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
            await using (input.ConfigureAwait(false))
            {
                await input.CopyToAsync(body, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            File.Delete(converted);
        }
    }
}
