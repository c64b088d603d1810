package dev.ogem.server.config;

import dev.ogem.api.ModelSpec;
import dev.ogem.api.RegionSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a provider's {@code regions} mapping. The region named {@code default} is a template, not a region:
 * its models are placed first in every real region, followed by the region's own models. A region's own
 * model whose name or alias repeats a template model is a duplicate, not an override: within one region
 * (after merging) every name and alias must be unique, because a requested name must mean one model.
 */
final class RegionReader {

    static final String TEMPLATE = "default";
    private static final Set<String> KEYS = Set.of("models");

    private RegionReader() {
    }

    /**
     * Reads the real regions, the template merged into each.
     *
     * @param regions the {@code regions} node
     * @return the real regions in config order; possibly empty (the caller rejects that)
     */
    static List<RegionSpec> read(ConfigTree regions) {
        if (regions.isAbsent()) {
            throw new ConfigException(regions.path(), "is required: add at least one region with its models");
        }
        Map<String, ConfigTree> byName = regions.mapping();
        List<Located> template = models(regions.get(TEMPLATE));
        List<RegionSpec> result = new ArrayList<>();
        for (Map.Entry<String, ConfigTree> region : byName.entrySet()) {
            if (region.getKey().equals(TEMPLATE)) {
                continue;
            }
            CatalogReader.checkName(region.getKey(), region.getValue().path(), "region");
            List<Located> merged = new ArrayList<>(template);
            merged.addAll(models(region.getValue()));
            checkUnique(merged);
            result.add(new RegionSpec(region.getKey(), merged.stream().map(Located::model).toList()));
        }
        if (result.isEmpty()) {
            checkUnique(template);
        }
        return result;
    }

    private static List<Located> models(ConfigTree region) {
        region.allowOnly(KEYS);
        List<ConfigTree> entries = region.get("models").sequence();
        List<Located> models = new ArrayList<>(entries.size());
        for (ConfigTree entry : entries) {
            models.add(new Located(ModelReader.read(entry), entry.path()));
        }
        return models;
    }

    private static void checkUnique(List<Located> models) {
        Map<String, String> firstUse = new HashMap<>();
        for (Located located : models) {
            ModelSpec model = located.model();
            claim(firstUse, model.name(), located.path() + ".name", located.path());
            for (int i = 0; i < model.otherNames().size(); i++) {
                claim(firstUse, model.otherNames().get(i), ConfigTree.index(located.path() + ".other_names", i),
                        located.path());
            }
        }
    }

    private static void claim(Map<String, String> firstUse, String name, String namePath, String modelPath) {
        String previous = firstUse.putIfAbsent(name, modelPath);
        if (previous != null) {
            String where = previous.equals(modelPath) ? "this model already" : previous + " already";
            throw new ConfigException(namePath, "duplicate model name \"" + name + "\": " + where
                    + " answers to it in this region (names and other_names must be unique per region,"
                    + " including the default template's models)");
        }
    }

    /** A model with the config path it was read from. */
    private record Located(ModelSpec model, String path) {
    }
}
