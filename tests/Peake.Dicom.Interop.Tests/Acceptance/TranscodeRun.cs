using Peake.Dicom.Interop.Tests.Infrastructure;

namespace Peake.Dicom.Interop.Tests.Acceptance;

/// <summary>One transcode: where its output went and how the tool that wrote it exited.</summary>
internal sealed record TranscodeRun(string OutputPath, ProcessResult Result);
