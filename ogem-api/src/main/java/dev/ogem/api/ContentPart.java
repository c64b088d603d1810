package dev.ogem.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One part of array content. Which field is set follows {@code type}: {@code text},
 * {@code image_url}, {@code input_audio} or {@code file}; other types keep their fields in {@code extra}.
 * The original Go ogem's parts ({@code {"type":"text","content":{"text":…}}},
 * {@code {"type":"image","content":{"url":…}}}) are read as {@code text} and {@code image_url} parts.
 *
 * @param type       the part type
 * @param text       the text of a text part
 * @param imageUrl   the image of an image_url part
 * @param inputAudio the audio of an input_audio part
 * @param file       the file of a file part
 * @param extra      other fields, kept as sent
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record ContentPart(String type,
                          Optional<String> text,
                          @JsonProperty("image_url") Optional<ImageUrl> imageUrl,
                          @JsonProperty("input_audio") Optional<InputAudio> inputAudio,
                          Optional<FileData> file,
                          @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

    /** Normalises absent fields. */
    public ContentPart {
        type = type == null ? "" : type;
        text = Optional.ofNullable(text).flatMap(o -> o);
        imageUrl = Optional.ofNullable(imageUrl).flatMap(o -> o);
        inputAudio = Optional.ofNullable(inputAudio).flatMap(o -> o);
        file = Optional.ofNullable(file).flatMap(o -> o);
        extra = extra == null ? new LinkedHashMap<>() : extra;
    }

    /**
     * A text part.
     *
     * @param text the text
     * @return the part
     */
    public static ContentPart text(String text) {
        return new ContentPart("text", Optional.of(text), Optional.empty(), Optional.empty(), Optional.empty(),
                new LinkedHashMap<>());
    }

    /**
     * An image reference.
     *
     * @param url    an {@code https} URL or a {@code data:} URI
     * @param detail low, high or auto
     */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    public record ImageUrl(String url, Optional<String> detail) {
        /** Normalises absent fields. */
        public ImageUrl {
            url = url == null ? "" : url;
            detail = Optional.ofNullable(detail).flatMap(o -> o);
        }
    }

    /**
     * Inline audio.
     *
     * @param data   base64 audio
     * @param format wav or mp3
     */
    public record InputAudio(String data, String format) {
    }

    /**
     * A file, inline or by id.
     *
     * @param fileId   an uploaded file's id
     * @param filename the file name
     * @param fileData a base64 {@code data:} URI
     */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    public record FileData(@JsonProperty("file_id") Optional<String> fileId,
                           Optional<String> filename,
                           @JsonProperty("file_data") Optional<String> fileData) {
        /** Normalises absent fields. */
        public FileData {
            fileId = Optional.ofNullable(fileId).flatMap(o -> o);
            filename = Optional.ofNullable(filename).flatMap(o -> o);
            fileData = Optional.ofNullable(fileData).flatMap(o -> o);
        }
    }
}
