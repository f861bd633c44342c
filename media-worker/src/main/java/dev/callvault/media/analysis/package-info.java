/**
 * Decoding and measuring audio: ffmpeg as the decoder of every accepted format ({@link
 * dev.callvault.media.analysis.FfmpegDecoder}), and what is computed from its 16-bit PCM in one pass, in bounded
 * memory: waveform peaks in BBC audiowaveform's format, speech per channel, talk-over, peak level and clipping
 * ({@link dev.callvault.media.analysis.PcmAnalyzer}); loudness comes from ffmpeg's EBU R 128 filter.
 */
package dev.callvault.media.analysis;
