package dev.callvault.media.analysis;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Refuses to start a worker whose ffmpeg does not run, before its listeners consume anything: without a decoder every
 * recording would fail.
 */
@Component
class FfmpegCheck implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(FfmpegCheck.class);

    private final FfmpegDecoder decoder;

    FfmpegCheck(FfmpegDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    public void afterPropertiesSet() {
        log.info("decoder: {}", decoder.version());
    }
}
