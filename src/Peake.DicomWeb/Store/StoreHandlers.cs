using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Peake.Dicom;
using Peake.Dicom.Network.Query;
using Peake.DicomWeb.Http;

namespace Peake.DicomWeb.Store;

/// <summary>
/// STOW-RS (PS3.18 10.5): a <c>multipart/related; type="application/dicom"</c> body, each part streamed to the
/// <see cref="IStowTarget"/> as it arrives (never buffered whole), answered with the Store Instances Response Module
/// (Annex I): 200 all stored, 202 some stored or with warnings, 409 none stored, 400 unparsable, 415 another media type.
/// </summary>
internal sealed class StoreHandlers(IStowTarget target, DicomWebOptions options)
{
    public async Task StoreAsync(HttpContext context, QueryContext caller)
    {
        var request = context.Request;
        var boundary = Boundary(request);
        var study = context.GetRouteValue("study") is string s
            ? (DicomUid.IsValid(s) ? s : throw DicomWebRequestException.BadRequest($"'{s}' is not a valid Study Instance UID (PS3.5 9.1)"))
            : null;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = options.MaxStowBodyBytes;
        }

        var reader = new MultipartReader(boundary, request.Body)
        {
            HeadersLengthLimit = 16 * 1024,
            BodyLengthLimit = options.MaxStowPartBytes,
        };
        var outcomes = new List<StowOutcome>();
        string? broken = null;
        var tooLarge = false;
        var stow = target.Begin(new StowContext(caller.CallingAeTitle, study));
        try
        {
            while (await reader.ReadNextSectionAsync(context.RequestAborted).ConfigureAwait(false) is { } section)
            {
                outcomes.Add(await StorePartAsync(section, stow, context.RequestAborted).ConfigureAwait(false));
            }
        }
        catch (InvalidDataException e) when (e.Message.Contains("body length limit", StringComparison.OrdinalIgnoreCase))
        {
            // A part over MaxStowPartBytes: PS3.18 I.2.2 A7xx "out of resources"; the framing after it is not read.
            outcomes.Add(StowOutcome.Failure(StowFailureReasons.OutOfResources, $"a part is larger than {options.MaxStowPartBytes} bytes"));
            broken = e.Message;
            tooLarge = true;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or BadHttpRequestException)
        {
            // The multipart framing itself failed: nothing after this point can be trusted to be a part.
            broken = e.Message;
        }
        finally
        {
            await stow.DisposeAsync().ConfigureAwait(false);
        }

        if (outcomes.Count == 0)
        {
            throw DicomWebRequestException.BadRequest(broken is null ? "the request holds no parts" : $"unreadable multipart body: {broken}");
        }

        var response = context.Response;
        foreach (var mismatch in outcomes.Where(o => study is not null && o.StudyInstanceUid is { } u && u != study))
        {
            DicomWebErrors.AddWarning(response, $"instance {mismatch.SopInstanceUid} belongs to study {mismatch.StudyInstanceUid}, not {study}");
        }

        var stored = outcomes.Count(o => o.Stored);
        // Only the size limit itself is a 413: other refusals of a whole request (e.g. a node not taking images yet) are
        // per-part failures a client retries.
        if (stored == 0 && tooLarge && outcomes.All(o => o.FailureReason == StowFailureReasons.OutOfResources && o.SopInstanceUid is null))
        {
            throw new DicomWebRequestException(StatusCodes.Status413PayloadTooLarge, $"a part is larger than the {options.MaxStowPartBytes} bytes one instance may have");
        }

        if (broken is not null)
        {
            DicomWebErrors.AddWarning(response, $"the body could not be read after part {outcomes.Count}: {broken}");
        }

        response.StatusCode = stored == 0 ? StatusCodes.Status409Conflict
            : stored == outcomes.Count && broken is null && outcomes.All(o => o.WarningReason is null) ? StatusCodes.Status200OK
            : StatusCodes.Status202Accepted;
        response.ContentType = MediaTypes.DicomJson;
        var json = new ArrayBufferWriter<byte>();
        DicomJsonWriter.Write(json, StowResponse.Build(outcomes, study, BaseUrl.Of(context, options)));
        await response.Body.WriteAsync(json.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task<StowOutcome> StorePartAsync(MultipartSection section, IStowRequest stow, CancellationToken cancellationToken)
    {
        if (section.ContentType is { } type
            && !(MediaTypeHeaderValue.TryParse(type, out var media) && media.MediaType.Equals(MediaTypes.Dicom, StringComparison.OrdinalIgnoreCase)))
        {
            await section.Body.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            return StowOutcome.Failure(StowFailureReasons.CannotUnderstand, $"part of type '{type}' is not {MediaTypes.Dicom}");
        }

        return await stow.StoreAsync(section.Body, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The request's boundary (RFC 2046 5.1.1; quoted by dicomweb-client); 415 for any other media type.</summary>
    private static string Boundary(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var media)
            || !media.MediaType.Equals(MediaTypes.MultipartRelated, StringComparison.OrdinalIgnoreCase))
        {
            throw new DicomWebRequestException(
                StatusCodes.Status415UnsupportedMediaType,
                $"STOW-RS takes multipart/related; type=\"{MediaTypes.Dicom}\", not '{request.ContentType}'");
        }

        if (MediaTypes.Parameter(media, "type") is { } partType && !partType.Equals(MediaTypes.Dicom, StringComparison.OrdinalIgnoreCase))
        {
            throw new DicomWebRequestException(
                StatusCodes.Status415UnsupportedMediaType,
                $"parts of type '{partType}' are not stored here (only {MediaTypes.Dicom}; JSON with bulk data is not supported)");
        }

        var boundary = MediaTypes.Parameter(media, "boundary");
        return boundary is { Length: > 0 and <= 70 }
            ? boundary
            : throw DicomWebRequestException.BadRequest("the Content-Type has no multipart boundary (or one longer than 70 characters)");
    }
}
